package dev.tandem.gateway.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.gateway.GatewayApplication;
import dev.tandem.gateway.member.AdminState;
import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.Members;
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
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runtime changes survive the gateway: each is in the state file as soon as it is
 * answered, a new gateway on the same state directory starts with them and their audit, a
 * corrupt state file is put aside without stopping the start, and a member whose
 * configured address changed since is taken from configuration.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdminStatePersistenceIT {

	static final StubMember WAS1 = StubMember.start("was1");

	static final StubMember WAS2 = StubMember.start("was2");

	static final StubMember WAS3 = StubMember.start("was3");

	static final ObjectMapper JSON = new ObjectMapper();

	@AfterAll
	static void stopMembers() {
		Stream.of(WAS1, WAS2, WAS3).forEach(StubMember::close);
	}

	@Test
	void shouldWriteEachChangeBeforeAnsweringAndStartWithItAgain(@TempDir Path state) throws IOException {
		try (ConfigurableApplicationContext first = start(state, WAS1.uri(), WAS2.uri())) {
			WebTestClient admin = Management.admin(managementPort(first));
			patch(admin, "was1", "{\"state\": \"draining\", \"reason\": \"kernel update\"}");
			// Written before the answer: the file has it the moment the answer is read.
			assertThat(savedMember(state, "was1").path("state").asText()).isEqualTo("draining");
			patch(admin, "was2", "{\"weight\": 4}");
			assertThat(savedMember(state, "was2").path("weight").asInt()).isEqualTo(4);
			admin.post()
				.uri("/api/members")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"id\": \"was3\", \"uri\": \"" + WAS3.uri() + "\", \"tier\": 1}")
				.exchange()
				.expectStatus()
				.isCreated();
			assertThat(savedMember(state, "was3").path("tier").asInt()).isEqualTo(1);
		}

		try (ConfigurableApplicationContext second = start(state, WAS1.uri(), WAS2.uri())) {
			Members members = second.getBean(Members.class);
			assertThat(members.current().members()).extracting(Member::id).containsExactly("was1", "was2", "was3");
			assertThat(members.current().member("was1").orElseThrow().state()).isEqualTo(AdminState.DRAINING);
			assertThat(members.current().member("was2").orElseThrow().weight()).isEqualTo(4);
			assertThat(members.current().member("was3").orElseThrow().tier()).isEqualTo(1);
			JsonNode audit = Management.viewer(managementPort(second))
				.get()
				.uri("/api/audit")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(JsonNode.class)
				.returnResult()
				.getResponseBody()
				.path("entries");
			List<String> actions = new ArrayList<>();
			audit.forEach((entry) -> actions.add(entry.path("action").asText() + " " + entry.path("member").asText()));
			assertThat(actions).containsExactly("add was3", "weight was2", "state was1");
			assertThat(audit.get(2).path("reason").asText()).isEqualTo("kernel update");
		}
	}

	@Test
	void shouldPutACorruptStateFileAsideAndStartFromConfiguration(@TempDir Path state, CapturedOutput output)
			throws IOException {
		Files.writeString(state.resolve("members.json"), "{\"version\": 1, \"members\": [ oops");

		try (ConfigurableApplicationContext gateway = start(state, WAS1.uri(), WAS2.uri())) {
			Members members = gateway.getBean(Members.class);
			assertThat(members.current().members()).extracting(Member::state)
				.containsExactly(AdminState.ACTIVE, AdminState.ACTIVE);
		}
		try (Stream<Path> files = Files.list(state)) {
			assertThat(files.map((file) -> file.getFileName().toString()))
				.anyMatch((name) -> name.startsWith("members.json.bad-"));
		}
		assertThat(output.getAll()).contains("members.json");
	}

	@Test
	void shouldTakeAMemberWhoseConfiguredAddressChangedFromConfiguration(@TempDir Path state, CapturedOutput output) {
		try (ConfigurableApplicationContext first = start(state, WAS1.uri(), WAS2.uri())) {
			patch(Management.admin(managementPort(first)), "was1", "{\"weight\": 7, \"state\": \"disabled\"}");
		}

		// was1 moved to another machine in the configuration since.
		try (ConfigurableApplicationContext second = start(state, WAS3.uri(), WAS2.uri())) {
			Member was1 = second.getBean(Members.class).current().member("was1").orElseThrow();
			assertThat(was1.uri()).hasToString(WAS3.uri());
			assertThat(was1.weight()).isEqualTo(1);
			assertThat(was1.state()).isEqualTo(AdminState.ACTIVE);
		}
		assertThat(output.getAll()).contains("member was1");
	}

	private static ConfigurableApplicationContext start(Path state, String was1, String was2) {
		// Arguments: they win over the test class path's application.properties.
		return new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=0",
				"--management.server.port=0", "--tandem.gateway.health.enabled=false",
				"--tandem.gateway.admin.state-dir=" + state, "--tandem.gateway.members[0].id=was1",
				"--tandem.gateway.members[0].uri=" + was1, "--tandem.gateway.members[1].id=was2",
				"--tandem.gateway.members[1].uri=" + was2);
	}

	private static int managementPort(ConfigurableApplicationContext context) {
		// The management server runs in a child context of its own.
		return Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
	}

	private static void patch(WebTestClient admin, String id, String body) {
		admin.patch()
			.uri("/api/members/" + id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk();
	}

	private static JsonNode savedMember(Path state, String id) throws IOException {
		for (JsonNode member : JSON.readTree(state.resolve("members.json").toFile()).path("members")) {
			if (member.path("id").asText().equals(id)) {
				return member;
			}
		}
		throw new AssertionError("no member " + id + " in the state file");
	}

}
