package dev.tandem.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

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
 * F11 end to end on the real fat jars: a gateway and three was-nodes as processes on
 * loopback, ten clients each counting in its own session plus plain GETs, while every
 * was-node in turn gets SIGTERM, is started again and is back in the gateway's rotation
 * before the next. Not one GET may fail and every client's count must equal its number of
 * answered requests (no session lost, none rolled back).
 */
class RollingRestartEndToEndIT {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

	private static final int NODES = 3;

	private static final int SESSION_CLIENTS = 10;

	private static final int PLAIN_CLIENTS = 2;

	/** Pause between two requests of one client; the traffic stays bounded in rate. */
	private static final Duration PACE = Duration.ofMillis(150);

	/** Bounds every client loop whatever happens to the stop flag. */
	private static final int MAX_REQUESTS_PER_CLIENT = 2500;

	private static final Duration MAX_TRAFFIC = Duration.ofSeconds(400);

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final List<JarProcess> nodes = new ArrayList<>();

	private static final List<List<String>> nodeArgs = new ArrayList<>();

	private static final List<Integer> httpPorts = new ArrayList<>();

	private static JarProcess gateway;

	/**
	 * The gateway's own state (runtime changes, audit log), apart from any other test's.
	 */
	@TempDir
	static Path gatewayState;

	private static int gatewayPort;

	@BeforeAll
	static void startCluster() throws IOException {
		FreePorts ports = new FreePorts();
		List<Integer> hazelcastPorts = new ArrayList<>();
		for (int i = 0; i < NODES; i++) {
			httpPorts.add(ports.next());
			hazelcastPorts.add(ports.next());
		}
		gatewayPort = ports.next();
		int gatewayAdmin = ports.next();
		String members = hazelcastPorts.stream().map((port) -> "127.0.0.1:" + port).collect(Collectors.joining(","));
		String clusterName = "tandem-e2e-" + UUID.randomUUID();
		List<String> gatewayArgs = new ArrayList<>(List.of("--server.port=" + gatewayPort,
				"--management.server.port=" + gatewayAdmin, "--tandem.gateway.admin.state-dir=" + gatewayState,
				"--tandem.gateway.health.interval=500ms", "--tandem.gateway.health.timeout=400ms",
				"--tandem.gateway.health.fast-interval=250ms", "--tandem.gateway.health.fall=1"));
		for (int i = 0; i < NODES; i++) {
			String id = "was" + (i + 1);
			nodeArgs.add(List.of("--server.port=" + httpPorts.get(i), "--tandem.node.id=" + id,
					"--tandem.node.cluster.name=" + clusterName, "--tandem.node.cluster.port=" + hazelcastPorts.get(i),
					"--tandem.node.cluster.members=" + members, "--tandem.node.cluster.interface=127.0.0.1",
					"--tandem.node.cluster.backup-count=1", "--tandem.node.shutdown.drain-wait=1500ms"));
			nodes.add(JarProcess.start(id, "tandem.was-node.jar", readiness(httpPorts.get(i)), nodeArgs.get(i)));
			gatewayArgs.add("--tandem.gateway.members[" + i + "].id=" + id);
			gatewayArgs.add("--tandem.gateway.members[" + i + "].uri=http://127.0.0.1:" + httpPorts.get(i));
		}
		gateway = JarProcess.start("gateway", "tandem.gateway.jar", readiness(gatewayAdmin), gatewayArgs);
		for (JarProcess node : nodes) {
			node.awaitReady(START_TIMEOUT);
		}
		gateway.awaitReady(START_TIMEOUT);
	}

	private static URI readiness(int port) {
		return URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
	}

	@AfterAll
	static void stopCluster() throws InterruptedException {
		if (gateway != null) {
			gateway.close();
		}
		for (JarProcess node : nodes) {
			node.close();
		}
	}

	@Test
	void shouldLoseNoSessionAndFailNoGetWhileEveryNodeRestartsInTurn() throws Exception {
		// Every node serves plain GETs before the restarts begin.
		for (int i = 0; i < NODES; i++) {
			awaitServedBy("was" + (i + 1));
		}
		Traffic traffic = new Traffic();
		traffic.start();
		long begin = System.nanoTime();
		await("every client has a session").atMost(Duration.ofSeconds(30))
			.until(() -> traffic.sessions.stream().allMatch((client) -> client.answered >= 3));

		List<String> restarts = new ArrayList<>();
		for (int i = 0; i < NODES; i++) {
			String id = "was" + (i + 1);
			long restartStart = System.nanoTime();
			Duration stopped = nodes.get(i).stop(STOP_TIMEOUT);
			nodes.set(i, JarProcess.start(id + "-restarted", "tandem.was-node.jar", readiness(httpPorts.get(i)),
					nodeArgs.get(i)));
			nodes.get(i).awaitReady(START_TIMEOUT);
			long ready = System.nanoTime();
			awaitServedBy(id);
			restarts.add(String.format("%s: exit after SIGTERM %d ms, ready again %d ms, back in rotation %d ms", id,
					stopped.toMillis(), Duration.ofNanos(ready - restartStart).toMillis(),
					Duration.ofNanos(System.nanoTime() - restartStart).toMillis()));
		}
		// A little traffic on the fully restarted cluster, then stop the clients.
		Thread.sleep(1000);
		traffic.stop();
		long total = Duration.ofNanos(System.nanoTime() - begin).toMillis();

		int lost = 0;
		int sessionRequests = 0;
		for (SessionClient client : traffic.sessions) {
			sessionRequests += client.answered + client.failed;
			if (client.lastCount != client.answered) {
				lost++;
			}
		}
		int plainRequests = traffic.plainAnswered.get() + traffic.plainFailed.get();
		int failed = traffic.failures.size();
		System.out.printf(
				"rolling restart: %d session requests by %d clients, %d plain GETs, %d failed, %d sessions lost, total %d ms%n",
				sessionRequests, SESSION_CLIENTS, plainRequests, failed, lost, total);
		restarts.forEach(System.out::println);

		assertThat(traffic.failures).as("failed requests").isEmpty();
		for (SessionClient client : traffic.sessions) {
			assertThat(client.lastCount)
				.as("count of client %d after %d answered requests", client.number, client.answered)
				.isEqualTo(client.answered);
		}
		assertThat(sessionRequests).as("session requests made").isGreaterThan(SESSION_CLIENTS * 20);
		assertThat(traffic.plainAnswered.get()).as("plain GETs answered").isGreaterThan(PLAIN_CLIENTS * 20);
	}

	/** Plain GETs until one is answered by the node; they must not fail either. */
	private static void awaitServedBy(String id) {
		await(id + " back in the gateway's rotation").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> {
				HttpResponse<String> response = send("/hello", Map.of());
				assertThat(response.statusCode()).as("plain GET while waiting for %s", id).isEqualTo(200);
				return response.headers().firstValue(TandemHeaders.NODE).orElse("").equals(id);
			});
	}

	private static HttpResponse<String> send(String path, Map<String, String> cookies)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + path))
			.timeout(Duration.ofSeconds(10));
		if (!cookies.isEmpty()) {
			request.header("Cookie",
					cookies.entrySet()
						.stream()
						.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
						.collect(Collectors.joining("; ")));
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** One browser: its own cookies (session and the gateway's affinity) and count. */
	private static final class SessionClient {

		final int number;

		final Map<String, String> cookies = new LinkedHashMap<>();

		volatile int answered;

		volatile int failed;

		volatile int lastCount;

		SessionClient(int number) {
			this.number = number;
		}

		void request(List<String> failures) throws InterruptedException {
			try {
				HttpResponse<String> response = send("/session", this.cookies);
				if (response.statusCode() != 200) {
					this.failed++;
					failures.add("client " + this.number + ": /session answered " + response.statusCode());
					return;
				}
				for (String setCookie : response.headers().allValues("Set-Cookie")) {
					String pair = setCookie.split(";", 2)[0];
					int equals = pair.indexOf('=');
					this.cookies.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
				}
				JsonNode body = JSON.readTree(response.body());
				this.answered++;
				this.lastCount = body.get("count").asInt();
			}
			catch (IOException ex) {
				this.failed++;
				failures.add("client " + this.number + ": /session failed: " + ex);
			}
		}

	}

	/** The clients, each on its own thread, until stopped or their bounds are reached. */
	private static final class Traffic {

		final List<SessionClient> sessions = new ArrayList<>();

		final List<String> failures = Collections.synchronizedList(new ArrayList<>());

		final AtomicInteger plainAnswered = new AtomicInteger();

		final AtomicInteger plainFailed = new AtomicInteger();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final List<Thread> threads = new ArrayList<>();

		void start() {
			long deadline = System.nanoTime() + MAX_TRAFFIC.toNanos();
			for (int i = 0; i < SESSION_CLIENTS; i++) {
				SessionClient client = new SessionClient(i + 1);
				this.sessions.add(client);
				startThread("session-client-" + (i + 1), () -> loop(deadline, () -> client.request(this.failures)));
			}
			for (int i = 0; i < PLAIN_CLIENTS; i++) {
				startThread("plain-client-" + (i + 1), () -> loop(deadline, this::plainGet));
			}
		}

		private void startThread(String name, Runnable body) {
			Thread thread = new Thread(body, name);
			thread.setDaemon(true);
			thread.start();
			this.threads.add(thread);
		}

		private void plainGet() throws InterruptedException {
			try {
				HttpResponse<String> response = send("/hello", Map.of());
				if (response.statusCode() == 200) {
					this.plainAnswered.incrementAndGet();
				}
				else {
					this.plainFailed.incrementAndGet();
					this.failures.add("/hello answered " + response.statusCode());
				}
			}
			catch (IOException ex) {
				this.plainFailed.incrementAndGet();
				this.failures.add("/hello failed: " + ex);
			}
		}

		private void loop(long deadline, Step step) {
			try {
				for (int n = 0; n < MAX_REQUESTS_PER_CLIENT && this.running.get()
						&& System.nanoTime() < deadline; n++) {
					step.run();
					Thread.sleep(PACE.toMillis());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			for (Thread thread : this.threads) {
				thread.join(Duration.ofSeconds(15).toMillis());
			}
		}

	}

	@FunctionalInterface
	private interface Step {

		void run() throws InterruptedException;

	}

}
