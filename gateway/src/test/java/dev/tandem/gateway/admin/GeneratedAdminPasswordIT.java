package dev.tandem.gateway.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tandem.gateway.GatewayApplication;
import dev.tandem.gateway.testing.Management;
import dev.tandem.gateway.testing.StubMember;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway with no user configured makes user {@code admin} a password of its own at
 * first start, prints it once, keeps only its hash, and the password works, also after a
 * restart that does not print it again.
 */
@ExtendWith(OutputCaptureExtension.class)
class GeneratedAdminPasswordIT {

	static final StubMember WAS1 = StubMember.start("was1");

	static final Pattern PRINTED = Pattern.compile("created user 'admin' with password (\\S+) for the management port");

	@AfterAll
	static void stopMember() {
		WAS1.close();
	}

	@Test
	void shouldPrintAGeneratedPasswordOnceAndKeepOnlyItsHash(@TempDir Path state, CapturedOutput output)
			throws Exception {
		String password;
		try (ConfigurableApplicationContext first = start(state)) {
			Matcher printed = PRINTED.matcher(output.getAll());
			assertThat(printed.find()).as("the generated password in the log").isTrue();
			password = printed.group(1);
			assertThat(printed.find()).as("printed once").isFalse();
			assertThat(password).hasSizeGreaterThanOrEqualTo(20);
			String kept = Files.readString(state.resolve("admin-password"));
			assertThat(kept).startsWith("{bcrypt}").doesNotContain(password);
			answers(first, password, 200);
			answers(first, "wrong-" + password, 401);
		}
		int printedSoFar = count(output.getAll(), password);

		try (ConfigurableApplicationContext second = start(state)) {
			answers(second, password, 200);
		}
		assertThat(count(output.getAll(), password)).isEqualTo(printedSoFar);
		assertThat(output.getAll()).contains("logs in with the password generated at first start");
	}

	private static ConfigurableApplicationContext start(Path state) {
		// Only the jar's own application.yml: the test users of the test class path stay
		// out.
		// Arguments: they win over the test class path's application.properties.
		return new SpringApplicationBuilder(GatewayApplication.class).run(
				"--spring.config.location=classpath:/application.yml", "--server.port=0", "--management.server.port=0",
				"--tandem.gateway.health.enabled=false", "--tandem.gateway.admin.state-dir=" + state,
				"--tandem.gateway.members[0].id=was1", "--tandem.gateway.members[0].uri=" + WAS1.uri());
	}

	private static void answers(ConfigurableApplicationContext context, String password, int status) {
		int port = Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
		Management.anonymous(port)
			.mutate()
			.defaultHeaders((headers) -> headers.setBasicAuth("admin", password))
			.build()
			.get()
			.uri("/api/members")
			.exchange()
			.expectStatus()
			.isEqualTo(status);
	}

	private static int count(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
			count++;
		}
		return count;
	}

}
