package dev.tandem.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * M4 on the real gateway jar: runtime changes made through the admin API survive a
 * SIGKILL right after their answers, because each was written (temp file, fsync, rename)
 * before it was answered; the restarted gateway has them and their audit records.
 */
class GatewayStateAfterKillIT {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String password = UUID.randomUUID().toString();

	@Test
	void shouldKeepEveryAnsweredChangeAcrossAKill(@TempDir Path state) throws Exception {
		FreePorts ports = new FreePorts();
		int port = ports.next();
		int admin = ports.next();
		// Members that do not run: the API works whatever their health.
		List<String> args = List.of("--server.port=" + port, "--management.server.port=" + admin,
				"--tandem.gateway.admin.state-dir=" + state, "--tandem.gateway.members[0].id=was1",
				"--tandem.gateway.members[0].uri=http://127.0.0.1:" + ports.next(),
				"--tandem.gateway.members[1].id=was2",
				"--tandem.gateway.members[1].uri=http://127.0.0.1:" + ports.next());
		Map<String, String> environment = Map.of("TANDEM_GATEWAY_ADMIN_USERS_0_NAME", "ops",
				"TANDEM_GATEWAY_ADMIN_USERS_0_PASSWORD", "{noop}" + this.password, "TANDEM_GATEWAY_ADMIN_USERS_0_ROLE",
				"admin");
		URI readiness = URI.create("http://127.0.0.1:" + admin + "/actuator/health/readiness");

		JarProcess first = JarProcess.start("gateway", "tandem.gateway.jar", readiness, environment, args);
		List<Integer> answers = new ArrayList<>();
		try {
			first.awaitReady(START_TIMEOUT);
			answers.add(send(admin, "PATCH", "/api/members/was1",
					"{\"state\": \"draining\", \"reason\": \"before the power cut\"}"));
			answers.add(send(admin, "PATCH", "/api/members/was2", "{\"weight\": 7}"));
			answers.add(send(admin, "POST", "/api/members",
					"{\"id\": \"was3\", \"uri\": \"http://127.0.0.1:" + ports.next() + "\", \"tier\": 1}"));
			// Killed at once: nothing after the answers gets a chance to run.
			first.kill();
		}
		finally {
			first.close();
		}
		assertThat(answers).containsExactly(200, 200, 201);

		JarProcess second = JarProcess.start("gateway-again", "tandem.gateway.jar", readiness, environment, args);
		try {
			second.awaitReady(START_TIMEOUT);
			JsonNode members = JSON.readTree(get(admin, "/api/members")).path("members");
			assertThat(members).extracting((member) -> member.path("id").asText())
				.containsExactly("was1", "was2", "was3");
			assertThat(members.get(0).path("state").asText()).isEqualTo("draining");
			assertThat(members.get(1).path("weight").asInt()).isEqualTo(7);
			assertThat(members.get(2).path("tier").asInt()).isEqualTo(1);
			JsonNode audit = JSON.readTree(get(admin, "/api/audit")).path("entries");
			assertThat(audit).extracting((entry) -> entry.path("action").asText() + " " + entry.path("member").asText())
				.containsExactly("add was3", "weight was2", "state was1");
			assertThat(audit.get(2).path("reason").asText()).isEqualTo("before the power cut");
		}
		finally {
			second.close();
		}
	}

	private int send(int admin, String method, String path, String body) throws IOException, InterruptedException {
		HttpRequest request = request(admin, path).header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(body))
			.build();
		return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private String get(int admin, String path) throws IOException, InterruptedException {
		HttpResponse<String> response = HTTP.send(request(admin, path).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

	private HttpRequest.Builder request(int admin, String path) {
		String credentials = Base64.getEncoder()
			.encodeToString(("ops:" + this.password).getBytes(StandardCharsets.UTF_8));
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + path))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", "Basic " + credentials);
	}

}
