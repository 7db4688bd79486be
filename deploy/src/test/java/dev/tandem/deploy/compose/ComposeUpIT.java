package dev.tandem.deploy.compose;

import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.deploy.AdminLogin;
import dev.tandem.deploy.RequiresContainerEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code compose.yaml} with {@code compose.override.yaml} run as a user runs it on one
 * machine ({@code up -d --build}): the two nodes form one session cluster, a client's
 * counter goes up through the gateway, and after a SIGKILL of the node that served it
 * ({@code compose kill}) the count goes on from the other node. Its own project name,
 * image names and free host ports, so it touches nothing else on the engine; taken down
 * with its volume afterwards.
 */
@RequiresComposeTool
@RequiresContainerEngine
class ComposeUpIT {

	private static final Path ROOT = Path.of(System.getProperty("tandem.compose.file"))
		.toAbsolutePath()
		.normalize()
		.getParent();

	private static final List<String> FILES = List.of("compose.yaml", "compose.override.yaml");

	private static final ObjectMapper JSON = new ObjectMapper();

	private final ComposeTool tool = ComposeTool.find().orElseThrow();

	private final String project = "tandem-compose-it-" + UUID.randomUUID().toString().substring(0, 8);

	private final HttpClient client = HttpClient.newBuilder()
		.cookieHandler(new CookieManager())
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final Map<String, String> variables = new HashMap<>();

	@Test
	void countGoesOnAfterTheServingNodeIsKilled() throws Exception {
		int port = freePort();
		this.variables.putAll(engineVariables());
		this.variables.put("TANDEM_ADMIN_PASSWORD_HASH", "{noop}" + AdminLogin.random().password());
		this.variables.put("TANDEM_IMAGE_PREFIX", "localhost/tandem-compose-it/");
		this.variables.put("TANDEM_GATEWAY_PORT", Integer.toString(port));
		this.variables.put("TANDEM_GATEWAY_ADMIN_PORT", Integer.toString(freePort()));
		long start = System.nanoTime();
		ComposeTool.Result up = compose("up", "-d", "--build");
		assertThat(up.exitCode()).as(up.stderr()).isZero();

		await("both nodes in one cluster").atMost(Duration.ofSeconds(180))
			.pollInterval(Duration.ofSeconds(2))
			.until(() -> clusterMembers("pi2") == 2 && clusterMembers("pi3") == 2);
		URI session = URI.create("http://localhost:" + port + "/session");
		await("the gateway serves the counter").atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> post(session) != null);
		System.out.printf("compose up: cluster and gateway ready in %d ms%n",
				Duration.ofNanos(System.nanoTime() - start).toMillis());
		List<JsonNode> before = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			before.add(post(session));
		}
		String served = before.get(2).path("node").asText();
		int count = before.get(2).path("count").asInt();
		assertThat(before).extracting((answer) -> answer.path("count").asInt())
			.containsExactly(count - 2, count - 1, count);

		ComposeTool.Result kill = compose("kill", "-s", "SIGKILL", served);
		assertThat(kill.exitCode()).as(kill.stderr()).isZero();
		JsonNode after = post(session);

		assertThat(after).as("the first request after the kill").isNotNull();
		assertThat(after.path("count").asInt()).isEqualTo(count + 1);
		assertThat(after.path("node").asText()).isNotEqualTo(served).isIn("pi2", "pi3");
	}

	@AfterEach
	void down() throws IOException {
		ComposeTool.Result down = compose("down", "-v");
		if (down.exitCode() != 0) {
			System.err.println("compose down of " + this.project + " failed: " + down.stderr());
		}
	}

	private ComposeTool.Result compose(String... arguments) throws IOException {
		List<String> all = new ArrayList<>(List.of("-p", this.project));
		all.addAll(List.of(arguments));
		return this.tool.run(ROOT, this.variables, FILES, all.toArray(String[]::new));
	}

	/** The members a node's readiness reports, asked inside its container; 0 if none. */
	private int clusterMembers(String node) throws IOException {
		ComposeTool.Result readiness = compose("exec", "-T", node, "curl", "-s", "-m", "2",
				"http://localhost:8080/actuator/health/readiness");
		if (readiness.exitCode() != 0 || readiness.stdout().isBlank()) {
			return 0;
		}
		return JSON.readTree(readiness.stdout())
			.path("components")
			.path("sessionCluster")
			.path("details")
			.path("members")
			.asInt();
	}

	/** POST /session with this client's cookie: the answer, or null when not 200. */
	private JsonNode post(URI session) throws IOException, InterruptedException {
		HttpResponse<String> response = this.client.send(HttpRequest.newBuilder(session)
			.POST(HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(15))
			.build(), HttpResponse.BodyHandlers.ofString());
		return (response.statusCode() == 200) ? JSON.readTree(response.body()) : null;
	}

	/** The engine compose talks to and the base image, as this run has them. */
	private static Map<String, String> engineVariables() {
		Map<String, String> engine = new HashMap<>();
		for (String name : List.of("DOCKER_HOST", "TANDEM_CONTAINER_BASE_IMAGE")) {
			String value = System.getenv(name);
			if (value != null && !value.isBlank()) {
				engine.put(name, value);
			}
		}
		return engine;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
