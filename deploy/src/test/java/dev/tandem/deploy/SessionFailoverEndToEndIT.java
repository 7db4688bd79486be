package dev.tandem.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.shared.TandemHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed's session test end to end on the real fat jars: a gateway and two was-nodes as
 * separate processes on loopback, one cookie jar, the counter going 1, 2, 3, ... and
 * continuing after the node that served is killed with SIGKILL.
 */
class SessionFailoverEndToEndIT {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final List<JarProcess> processes = new ArrayList<>();

	/** The members' states on the management port need a login. */
	private static final AdminLogin ADMIN = AdminLogin.random();

	/**
	 * The gateway's own state (runtime changes, audit log), apart from any other test's.
	 */
	@TempDir
	static Path gatewayState;

	private static JarProcess was1;

	private static JarProcess was2;

	private static int gatewayPort;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private String sessionCookie;

	@BeforeAll
	static void startCluster() throws IOException {
		FreePorts ports = new FreePorts();
		int http1 = ports.next();
		int http2 = ports.next();
		int hazelcast1 = ports.next();
		int hazelcast2 = ports.next();
		gatewayPort = ports.next();
		int gatewayAdmin = ports.next();
		String hazelcastMembers = "127.0.0.1:" + hazelcast1 + ",127.0.0.1:" + hazelcast2;
		was1 = start(JarProcess.start("was1", "tandem.was-node.jar", readiness(http1),
				nodeArgs("was1", http1, hazelcast1, hazelcastMembers)));
		was2 = start(JarProcess.start("was2", "tandem.was-node.jar", readiness(http2),
				nodeArgs("was2", http2, hazelcast2, hazelcastMembers)));
		JarProcess gateway = start(JarProcess.start("gateway", "tandem.gateway.jar", readiness(gatewayAdmin),
				ADMIN.environment(),
				List.of("--server.port=" + gatewayPort, "--management.server.port=" + gatewayAdmin,
						"--tandem.gateway.admin.state-dir=" + gatewayState, "--tandem.gateway.members[0].id=was1",
						"--tandem.gateway.members[0].uri=http://127.0.0.1:" + http1,
						"--tandem.gateway.members[1].id=was2",
						"--tandem.gateway.members[1].uri=http://127.0.0.1:" + http2)));
		for (JarProcess process : processes) {
			process.awaitReady(START_TIMEOUT);
		}
		assertThat(gateway.isAlive()).isTrue();
		// The gateway may have probed a node before it was ready: wait until its health
		// checks have taken both back, so new clients are balanced over both.
		URI balancer = URI.create("http://127.0.0.1:" + gatewayAdmin + "/actuator/health");
		await("gateway sees both members up").atMost(START_TIMEOUT)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> bothMembersUp(balancer));
	}

	private static boolean bothMembersUp(URI health) {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(health)
					.header("Authorization", ADMIN.authorization())
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.ofString());
			JsonNode members = JSON.readTree(response.body()).path("components").path("balancer").path("details");
			return "up".equals(members.path("was1").path("state").asText())
					&& "up".equals(members.path("was2").path("state").asText());
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static JarProcess start(JarProcess process) {
		processes.add(process);
		return process;
	}

	private static List<String> nodeArgs(String id, int httpPort, int hazelcastPort, String hazelcastMembers) {
		return List.of("--server.port=" + httpPort, "--tandem.node.id=" + id,
				"--tandem.node.cluster.port=" + hazelcastPort, "--tandem.node.cluster.members=" + hazelcastMembers,
				"--tandem.node.cluster.interface=127.0.0.1");
	}

	private static URI readiness(int port) {
		return URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
	}

	@AfterAll
	static void stopCluster() throws InterruptedException {
		// The gateway first, then the nodes.
		for (int i = processes.size() - 1; i >= 0; i--) {
			processes.get(i).close();
		}
	}

	@Test
	void shouldContinueTheSessionCounterAfterTheServingNodeIsKilled() throws Exception {
		Set<String> servedBefore = new LinkedHashSet<>();
		String lastNode = null;
		for (int expected = 1; expected <= 6; expected++) {
			Served served = getSession();
			assertThat(served.count()).as("count of request %d", expected).isEqualTo(expected);
			servedBefore.add(served.node());
			lastNode = served.node();
		}
		assertThat(servedBefore).as("round robin reaches both members").containsExactlyInAnyOrder("was1", "was2");

		JarProcess victim = "was1".equals(lastNode) ? was1 : was2;
		String survivor = "was1".equals(lastNode) ? "was2" : "was1";
		victim.kill();

		long firstAfterKill = System.nanoTime();
		for (int expected = 7; expected <= 16; expected++) {
			Served served = getSession();
			if (expected == 7) {
				System.out.printf("first request after SIGKILL of %s took %d ms%n", victim.name(),
						Duration.ofNanos(System.nanoTime() - firstAfterKill).toMillis());
			}
			assertThat(served.count()).as("count of request %d after the kill", expected).isEqualTo(expected);
			assertThat(served.node()).isEqualTo(survivor);
		}
		for (int i = 0; i < 6; i++) {
			HttpResponse<String> hello = send("/hello");
			assertThat(hello.statusCode()).isEqualTo(200);
			assertThat(hello.headers().firstValue(TandemHeaders.NODE)).hasValue(survivor);
		}
	}

	private Served getSession() throws Exception {
		HttpResponse<String> response = send("/session");
		assertThat(response.statusCode()).as("status of /session, body %s", response.body()).isEqualTo(200);
		response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith("SESSION="))
			.findFirst()
			.ifPresent((cookie) -> this.sessionCookie = cookie.substring(0, cookie.indexOf(';')));
		JsonNode body = JSON.readTree(response.body());
		String node = body.get("node").asText();
		assertThat(response.headers().firstValue(TandemHeaders.NODE)).as("node header").hasValue(node);
		return new Served(node, body.get("count").asInt());
	}

	private HttpResponse<String> send(String path) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + path))
			.timeout(Duration.ofSeconds(20));
		if (this.sessionCookie != null) {
			request.header("Cookie", this.sessionCookie);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private record Served(String node, int count) {
	}

}
