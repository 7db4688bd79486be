package dev.tandem.node.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@ExtendWith(OutputCaptureExtension.class)
class MetricsPropertiesTests {

	private static final String BCRYPT_OF_SECRET = PasswordEncoderFactories.createDelegatingPasswordEncoder()
		.encode("secret");

	@Test
	void shouldLeaveScrapingOffWithoutAPassword() {
		assertThat(new MetricsProperties("prometheus", null).scrapeEnabled()).isFalse();
		assertThat(new MetricsProperties("prometheus", " ").scrapeEnabled()).isFalse();
		assertThat(new MetricsProperties(" prometheus ", BCRYPT_OF_SECRET).username()).isEqualTo("prometheus");
	}

	@Test
	void shouldRefuseAPasswordWithoutItsEncoderByPropertyNameWithoutEchoingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MetricsProperties("prometheus", "hunter2"))
			.withMessage("tandem.node.metrics.password must be an encoded password with its encoder in front, "
					+ "such as {bcrypt}$2a$10$...; make one with 'java -jar gateway.jar encode-password'.")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("hunter2"));
	}

	@Test
	void shouldRefuseAnEncoderSpringSecurityDoesNotKnow() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MetricsProperties("prometheus", "{rot13}uhagre2"))
			.withMessageStartingWith("tandem.node.metrics.password must be an encoded password");
	}

	@Test
	void shouldRefuseABadUsername() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MetricsProperties("prom etheus", null))
			.withMessage("tandem.node.metrics.username must be 1 to 64 letters, digits or . _ - @, "
					+ "but was 'prom etheus'.");
	}

	@Test
	void shouldNeverPrintThePassword() {
		assertThat(new MetricsProperties("prometheus", BCRYPT_OF_SECRET)).asString()
			.doesNotContain("$2a$")
			.contains("(set)");
	}

	@Test
	void shouldStopStartUpWithOneSentenceNamingTheProperty(CapturedOutput output) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(PropertiesConfiguration.class)
			.web(WebApplicationType.NONE);

		assertThatException().isThrownBy(() -> application.run("--tandem.node.metrics.password=hunter2"));

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(String.format("Description:%n%ntandem.node.metrics.password must be an encoded password"))
			.doesNotContain("hunter2");
	}

	@EnableConfigurationProperties(MetricsProperties.class)
	static class PropertiesConfiguration {

	}

}
