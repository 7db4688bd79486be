package dev.tandem.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * F12, clock skew, on two real was-node processes whose Hazelcast clocks differ by 40 s
 * ({@code -Dcom.hazelcast.clock.offset=40000} on was2; Hazelcast's own test switch, which
 * moves Hazelcast's clock only, not the JVM's). Sessions time out after 60 s. Each member
 * sets a session entry's expiry by its own clock when it applies a write (Spring
 * Session's update runs again on the backup), so neither reads on the other node nor the
 * backup taking over after the owner's SIGKILL log anyone out early. Spring Session's own
 * idle check uses the JVM clock, which this test does not skew (see
 * ClockSkewSessionExpiryIT in session-cluster for that comparison).
 */
class ClockSkewEndToEndIT {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final int SESSIONS = 20;

	private static final Duration IDLE = Duration.ofSeconds(25);

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final List<JarProcess> processes = new ArrayList<>();

	@AfterEach
	void stopNodes() throws InterruptedException {
		for (JarProcess process : this.processes) {
			process.close();
		}
	}

	@Test
	void sessionsShouldOutliveAnIdleShorterThanTheTimeoutAcrossNodesAndTheOwnersCrashWithSkewedHazelcastClocks()
			throws Exception {
		FreePorts ports = new FreePorts();
		int http1 = ports.next();
		int http2 = ports.next();
		int hazelcast1 = ports.next();
		int hazelcast2 = ports.next();
		String members = "127.0.0.1:" + hazelcast1 + ",127.0.0.1:" + hazelcast2;
		JarProcess was1 = start("was1", List.of(), http1, hazelcast1, members);
		JarProcess was2 = start("was2", List.of("-Dcom.hazelcast.clock.offset=40000"), http2, hazelcast2, members);
		was1.awaitReady(START_TIMEOUT);
		was2.awaitReady(START_TIMEOUT);
		assertThat(members(http2)).as("members seen by the skewed node").isEqualTo(2);

		List<String> cookies = new ArrayList<>();
		for (int i = 0; i < SESSIONS; i++) {
			HttpResponse<String> first = get(http1, "/session", null);
			assertThat(count(first)).isEqualTo(1);
			String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
			cookies.add(setCookie.substring(0, setCookie.indexOf(';')));
		}
		Thread.sleep(IDLE.toMillis());
		int keptAcross = 0;
		for (String cookie : cookies) {
			keptAcross += (count(get(http2, "/session", cookie)) == 2) ? 1 : 0;
		}
		Thread.sleep(IDLE.toMillis());
		// was1 dies: was2 promotes its backups of was1's sessions and from now on judges
		// their expiry by its own clock, 40 s ahead of the clock that set it.
		was1.kill();
		int keptAfterOwnerLoss = 0;
		for (String cookie : cookies) {
			keptAfterOwnerLoss += (count(get(http2, "/session", cookie)) == 3) ? 1 : 0;
		}
		System.out.printf(
				"clock skew +40 s on was2, timeout 60 s: %d of %d sessions kept when read on was2 "
						+ "after %d s idle; %d of %d kept after was1 was killed following another %d s idle%n",
				keptAcross, SESSIONS, IDLE.toSeconds(), keptAfterOwnerLoss, SESSIONS, IDLE.toSeconds());

		assertThat(keptAcross).as("sessions read on the skewed node after an idle shorter than the timeout")
			.isEqualTo(SESSIONS);
		assertThat(keptAfterOwnerLoss).as("sessions kept by the skewed node after it promoted its backups")
			.isEqualTo(SESSIONS);
	}

	private JarProcess start(String id, List<String> jvmOptions, int httpPort, int hazelcastPort, String members)
			throws IOException {
		JarProcess process = JarProcess.start(id, "tandem.was-node.jar", readiness(httpPort), jvmOptions,
				List.of("--server.port=" + httpPort, "--tandem.node.id=" + id,
						"--tandem.node.cluster.port=" + hazelcastPort, "--tandem.node.cluster.members=" + members,
						"--tandem.node.cluster.interface=127.0.0.1", "--server.servlet.session.timeout=60s"));
		this.processes.add(process);
		return process;
	}

	private int members(int httpPort) throws Exception {
		HttpResponse<String> readiness = this.client.send(
				HttpRequest.newBuilder(readiness(httpPort)).timeout(Duration.ofSeconds(5)).build(),
				HttpResponse.BodyHandlers.ofString());
		return JSON.readTree(readiness.body())
			.path("components")
			.path("sessionCluster")
			.path("details")
			.path("members")
			.asInt();
	}

	private HttpResponse<String> get(int port, String path, String cookie) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10));
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static int count(HttpResponse<String> response) throws IOException {
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = JSON.readTree(response.body());
		return body.path("count").asInt();
	}

	private static URI readiness(int port) {
		return URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
	}

}
