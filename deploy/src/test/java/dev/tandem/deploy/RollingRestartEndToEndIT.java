package dev.tandem.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
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
 * loopback, ten clients each counting in its own session plus plain GETs, while one call
 * to the gateway's admin API ({@code POST /api/rolling-restart}) restarts every was-node
 * in turn: the gateway disables it, waits until it is drained, asks it to restart
 * ({@code POST /tandem/restart} with the shared token), the node exits with status 0 and
 * the test's {@link Supervisor} starts it again as systemd's {@code Restart=always}
 * would, and the gateway puts it back once it is ready with its session cluster whole,
 * before the next. Not one GET may fail, every client's count must equal its number of
 * answered requests (no session lost, none rolled back), every node must have exited
 * once, and the audit log must show the rolling restart.
 */
class RollingRestartEndToEndIT {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

	private static final int NODES = 3;

	private static final int SESSION_CLIENTS = 10;

	private static final int PLAIN_CLIENTS = 2;

	/** Pause between two requests of one client; the traffic stays bounded in rate. */
	private static final Duration PACE = Duration.ofMillis(150);

	/** Bounds every client loop whatever happens to the stop flag. */
	private static final int MAX_REQUESTS_PER_CLIENT = 2500;

	private static final Duration MAX_TRAFFIC = Duration.ofSeconds(400);

	/** Longest wait for the rolling restart to end; below the traffic's bound. */
	private static final Duration MAX_ROLLING_RESTART = Duration.ofMinutes(6);

	/** How often the test reads the rolling restart's progress. */
	private static final Duration PROGRESS_POLL = Duration.ofMillis(250);

	/** The phases of one member, in the order the gateway goes through them. */
	private static final List<String> PHASES = List.of("waiting", "draining", "restarting", "starting", "done");

	private static final String REASON = "RollingRestartEndToEndIT";

	private static final AdminLogin ADMIN = AdminLogin.random();

	/**
	 * The secret the gateway sends with its restart requests and the nodes expect; new
	 * for every run, and given by environment so that it is on no command line.
	 */
	private static final String RESTART_TOKEN = UUID.randomUUID() + "-" + UUID.randomUUID();

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/** The running process of each was-node; the supervisor replaces one that exited. */
	private static final AtomicReferenceArray<JarProcess> nodes = new AtomicReferenceArray<>(NODES);

	private static final List<List<String>> nodeArgs = new ArrayList<>();

	private static final List<Integer> httpPorts = new ArrayList<>();

	private static JarProcess gateway;

	private static Supervisor supervisor;

	/**
	 * The gateway's own state (runtime changes, audit log), apart from any other test's.
	 */
	@TempDir
	static Path gatewayState;

	private static int gatewayPort;

	private static int gatewayAdmin;

	@BeforeAll
	static void startCluster() throws IOException {
		FreePorts ports = new FreePorts();
		List<Integer> hazelcastPorts = new ArrayList<>();
		for (int i = 0; i < NODES; i++) {
			httpPorts.add(ports.next());
			hazelcastPorts.add(ports.next());
		}
		gatewayPort = ports.next();
		gatewayAdmin = ports.next();
		String members = hazelcastPorts.stream().map((port) -> "127.0.0.1:" + port).collect(Collectors.joining(","));
		String clusterName = "tandem-e2e-" + UUID.randomUUID();
		List<String> gatewayArgs = new ArrayList<>(
				List.of("--server.port=" + gatewayPort, "--management.server.port=" + gatewayAdmin,
						"--tandem.gateway.admin.state-dir=" + gatewayState, "--tandem.gateway.health.interval=500ms",
						"--tandem.gateway.health.timeout=400ms", "--tandem.gateway.health.fast-interval=250ms",
						"--tandem.gateway.health.fall=1", "--tandem.gateway.admin.restart-timeout=120s"));
		for (int i = 0; i < NODES; i++) {
			String id = "was" + (i + 1);
			nodeArgs.add(List.of("--server.port=" + httpPorts.get(i), "--tandem.node.id=" + id,
					"--tandem.node.cluster.name=" + clusterName, "--tandem.node.cluster.port=" + hazelcastPorts.get(i),
					"--tandem.node.cluster.members=" + members, "--tandem.node.cluster.interface=127.0.0.1",
					"--tandem.node.cluster.backup-count=1", "--tandem.node.shutdown.drain-wait=1500ms"));
			nodes.set(i, startNode(id, i));
			gatewayArgs.add("--tandem.gateway.members[" + i + "].id=" + id);
			gatewayArgs.add("--tandem.gateway.members[" + i + "].uri=http://127.0.0.1:" + httpPorts.get(i));
		}
		Map<String, String> gatewayEnvironment = new HashMap<>(ADMIN.environment());
		gatewayEnvironment.put("TANDEM_GATEWAY_ADMIN_NODE_RESTART_TOKEN", RESTART_TOKEN);
		gateway = JarProcess.start("gateway", "tandem.gateway.jar", readiness(gatewayAdmin), gatewayEnvironment,
				gatewayArgs);
		for (int i = 0; i < NODES; i++) {
			nodes.get(i).awaitReady(START_TIMEOUT);
		}
		gateway.awaitReady(START_TIMEOUT);
		supervisor = new Supervisor();
	}

	/** Start was-node number index (from 0) with its arguments and the restart token. */
	private static JarProcess startNode(String name, int index) throws IOException {
		return JarProcess.start(name, "tandem.was-node.jar", readiness(httpPorts.get(index)),
				Map.of("TANDEM_NODE_RESTART_TOKEN", RESTART_TOKEN), nodeArgs.get(index));
	}

	private static URI readiness(int port) {
		return URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
	}

	@AfterAll
	static void stopCluster() throws InterruptedException {
		// First the supervisor, so that no node it sees stopping is started again.
		if (supervisor != null) {
			supervisor.stop();
		}
		if (gateway != null) {
			gateway.close();
		}
		for (int i = 0; i < NODES; i++) {
			JarProcess node = nodes.get(i);
			if (node != null) {
				node.close();
			}
		}
	}

	@Test
	void shouldLoseNoSessionAndFailNoGetWhileTheGatewayRestartsEveryNodeInTurn() throws Exception {
		// Every node serves plain GETs before the restarts begin.
		for (int i = 0; i < NODES; i++) {
			awaitServedBy("was" + (i + 1));
		}
		Traffic traffic = new Traffic();
		traffic.start();
		long begin = System.nanoTime();
		await("every client has a session").atMost(Duration.ofSeconds(30))
			.until(() -> traffic.sessions.stream().allMatch((client) -> client.answered >= 3));

		HttpResponse<String> started = admin("POST", "/api/rolling-restart", "{\"reason\": \"" + REASON + "\"}");
		assertThat(started.statusCode()).as("POST /api/rolling-restart answered %s", started.body()).isEqualTo(202);
		assertThat(JSON.readTree(started.body()).path("status").asText()).as("status when started")
			.isEqualTo("running");

		// Every (member, phase) the polls saw, in the order first seen, with the
		// gateway's time of entering it.
		Map<String, Map<String, Instant>> seen = new LinkedHashMap<>();
		JsonNode progress = null;
		int polls = 0;
		long pollDeadline = System.nanoTime() + MAX_ROLLING_RESTART.toNanos();
		while (polls < MAX_ROLLING_RESTART.dividedBy(PROGRESS_POLL) && System.nanoTime() < pollDeadline) {
			HttpResponse<String> response = admin("GET", "/api/rolling-restart", null);
			assertThat(response.statusCode()).as("GET /api/rolling-restart answered %s", response.body())
				.isEqualTo(200);
			progress = JSON.readTree(response.body());
			polls++;
			for (JsonNode member : progress.path("members")) {
				seen.computeIfAbsent(member.path("member").asText(), (id) -> new LinkedHashMap<>())
					.putIfAbsent(member.path("phase").asText(), instant(member.path("since")));
			}
			if (!"running".equals(progress.path("status").asText())) {
				break;
			}
			Thread.sleep(PROGRESS_POLL.toMillis());
		}
		String status = progress.path("status").asText();
		String evidence = "progress " + progress.toPrettyString() + "\ngateway log " + gateway.log().toAbsolutePath()
				+ ", its end:\n" + gateway.tail();
		if ("succeeded".equals(status)) {
			// Each node takes plain GETs again (its slow start has begun).
			for (int i = 0; i < NODES; i++) {
				awaitServedBy("was" + (i + 1));
			}
		}
		// A little traffic on the restarted cluster, then stop the clients, and the
		// supervisor so that the restart counts are final.
		Thread.sleep(1000);
		traffic.stop();
		supervisor.stop();
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
		Instant startedAt = instant(progress.path("startedAt"));
		Instant finishedAt = instant(progress.path("finishedAt"));
		System.out.printf(
				"rolling restart: %s (%s) in %s, %d polls; %d session requests by %d clients, %d plain GETs, %d failed, %d sessions lost, total %d ms%n",
				status, progress.path("detail").asText(),
				(finishedAt != null) ? Duration.between(startedAt, finishedAt).toMillis() + " ms" : "(not finished)",
				polls, sessionRequests, SESSION_CLIENTS, plainRequests, failed, lost, total);
		for (int i = 0; i < NODES; i++) {
			String id = "was" + (i + 1);
			System.out.println(report(id, seen.getOrDefault(id, Map.of()), supervisor.exits(i), startedAt));
		}
		List<JsonNode> audit = rollingRestartAudit();
		for (JsonNode entry : audit) {
			System.out.printf("audit: %s %s%s %s -> %s%s%n", since(startedAt, instant(entry.path("time"))),
					entry.path("action").asText(),
					entry.path("member").isTextual() ? " " + entry.path("member").asText() : "",
					entry.path("before").isNull() ? "-" : entry.path("before").asText(),
					entry.path("after").isNull() ? "-" : entry.path("after").asText(),
					entry.path("reason").isTextual() ? " (" + entry.path("reason").asText() + ")" : "");
		}

		assertThat(status).as("final status of the rolling restart; %s", evidence).isEqualTo("succeeded");
		for (int i = 0; i < NODES; i++) {
			String id = "was" + (i + 1);
			// Each node exited by itself exactly once, with status 0, and was started
			// again: the gateway's restart request, not a crash.
			assertThat(supervisor.exits(i)).as("exits of %s noticed by the supervisor", id)
				.singleElement()
				.satisfies((exit) -> {
					assertThat(exit.status()).as("exit status of %s", id).isZero();
					assertThat(exit.restartedAs()).as("%s started again", id).isNotNull();
				});
			// The polls see what lasts longer than a poll, which is not every phase:
			// draining ends at the first check when nothing is in flight, and restarting
			// when the next probe fails. Robust are: the phases seen come in the
			// gateway's order; starting (a node's stop and JVM start, seconds) and done
			// (final) are seen for every member; draining and restarting are proven by
			// the audit log (disabled, restart requested) and the exit above.
			List<String> phases = new ArrayList<>(seen.getOrDefault(id, Map.of()).keySet());
			assertThat(phases).as("phases of %s in the order seen", id)
				.isSubsetOf(PHASES)
				.contains("starting", "done")
				.isSortedAccordingTo((a, b) -> Integer.compare(PHASES.indexOf(a), PHASES.indexOf(b)));
		}
		// One at a time: a node is asked to restart only after the one before is done.
		for (int i = 1; i < NODES; i++) {
			Instant previousDone = seen.get("was" + i).get("done");
			String id = "was" + (i + 1);
			assertThat(seen.get(id).get("starting")).as("%s starting after was%d done", id, i).isAfter(previousDone);
			assertThat(supervisor.exits(i).get(0).noticed()).as("%s exited after was%d done", id, i)
				.isAfter(previousDone);
		}
		assertThat(audited(audit, "rolling-restart", null, "started: was1, was2, was3")).as("audit: started")
			.singleElement()
			.satisfies((entry) -> {
				assertThat(entry.path("user").asText()).isEqualTo(ADMIN.name());
				assertThat(entry.path("reason").asText()).isEqualTo(REASON);
			});
		for (int i = 0; i < NODES; i++) {
			String id = "was" + (i + 1);
			assertThat(audited(audit, "state", id, "disabled")).as("audit: %s disabled", id).hasSize(1);
			assertThat(audited(audit, "rolling-restart", id, "restart requested")).as("audit: %s asked", id).hasSize(1);
			assertThat(audited(audit, "state", id, "active")).as("audit: %s active again", id).hasSize(1);
		}
		assertThat(audited(audit, "rolling-restart", null, "succeeded: ")).as("audit: succeeded").hasSize(1);

		assertThat(traffic.failures).as("failed requests").isEmpty();
		for (SessionClient client : traffic.sessions) {
			assertThat(client.lastCount)
				.as("count of client %d after %d answered requests", client.number, client.answered)
				.isEqualTo(client.answered);
		}
		assertThat(sessionRequests).as("session requests made").isGreaterThan(SESSION_CLIENTS * 20);
		assertThat(traffic.plainAnswered.get()).as("plain GETs answered").isGreaterThan(PLAIN_CLIENTS * 20);
	}

	/**
	 * One line on a member: when the gateway put it in each phase the polls saw, and what
	 * the supervisor saw of its process; times from the rolling restart's start.
	 */
	private static String report(String id, Map<String, Instant> phases, List<Exit> exits, Instant startedAt) {
		StringBuilder line = new StringBuilder(id).append(':');
		for (String phase : PHASES.subList(1, PHASES.size())) {
			line.append(' ')
				.append(phase)
				.append(' ')
				.append(phases.containsKey(phase) ? since(startedAt, phases.get(phase)) : "(not seen)")
				.append(',');
		}
		for (String phase : phases.keySet()) {
			if (!PHASES.contains(phase)) {
				line.append(' ').append(phase).append(' ').append(since(startedAt, phases.get(phase))).append(',');
			}
		}
		if (exits.isEmpty()) {
			line.append(" its process never exited");
		}
		for (Exit exit : exits) {
			line.append(" pid ")
				.append(exit.pid())
				.append(" exited ")
				.append(exit.status())
				.append(" (noticed ")
				.append(since(startedAt, exit.noticed()))
				.append(')');
			if (exit.restartedAs() != null) {
				line.append(", started again as pid ").append(exit.restartedAs().pid());
			}
			line.append(';');
		}
		return line.toString();
	}

	private static String since(Instant start, Instant at) {
		if (start == null || at == null) {
			return "?";
		}
		return String.format("+%.1f s", Duration.between(start, at).toMillis() / 1000.0);
	}

	/** An instant as the gateway writes it (ISO-8601, or seconds as a number). */
	private static Instant instant(JsonNode value) {
		if (value == null || value.isMissingNode() || value.isNull()) {
			return null;
		}
		if (value.isNumber()) {
			return Instant.ofEpochSecond(0).plusNanos(value.decimalValue().movePointRight(9).longValue());
		}
		return Instant.parse(value.asText());
	}

	/** The audit entries of this run, oldest first (its state directory is new). */
	private static List<JsonNode> rollingRestartAudit() throws IOException, InterruptedException {
		HttpResponse<String> response = admin("GET", "/api/audit?limit=1000", null);
		assertThat(response.statusCode()).as("GET /api/audit answered %s", response.body()).isEqualTo(200);
		List<JsonNode> entries = new ArrayList<>();
		JSON.readTree(response.body()).path("entries").forEach(entries::add);
		Collections.reverse(entries);
		return entries;
	}

	/** Entries of an action on a member (null: none) whose after starts with a text. */
	private static List<JsonNode> audited(List<JsonNode> audit, String action, String member, String after) {
		return audit.stream()
			.filter((entry) -> entry.path("action").asText().equals(action))
			.filter((entry) -> (member != null) ? entry.path("member").asText().equals(member)
					: !entry.path("member").isTextual())
			.filter((entry) -> entry.path("after").asText().startsWith(after))
			.toList();
	}

	/** A request to the gateway's management port as the test's admin. */
	private static HttpResponse<String> admin(String method, String path, String body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayAdmin + path))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", ADMIN.authorization());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method,
				(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
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

	/**
	 * One exit of a was-node's process that the supervisor noticed.
	 *
	 * @param pid the process that exited
	 * @param status its exit status
	 * @param noticed when the supervisor saw it gone
	 * @param restartedAs the process started in its place, or {@code null}
	 */
	private record Exit(long pid, int status, Instant noticed, JarProcess restartedAs) {

	}

	/**
	 * The was-nodes' service manager, as systemd's {@code Restart=always}: a thread that
	 * notices a node's process has exited, whatever its status, and starts it again with
	 * the same arguments and environment. Like systemd's start limit it gives up on a
	 * node after {@link #MAX_RESTARTS} restarts. Stopped before the nodes are closed, so
	 * nothing is started at teardown.
	 */
	private static final class Supervisor {

		private static final int MAX_RESTARTS = 3;

		private static final Duration CHECK = Duration.ofMillis(100);

		private final List<List<Exit>> exits = new ArrayList<>();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final Thread thread;

		Supervisor() {
			for (int i = 0; i < NODES; i++) {
				this.exits.add(Collections.synchronizedList(new ArrayList<>()));
			}
			this.thread = new Thread(this::watch, "was-node-supervisor");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		/** The exits noticed of node number index (from 0), oldest first. */
		List<Exit> exits(int index) {
			synchronized (this.exits.get(index)) {
				return List.copyOf(this.exits.get(index));
			}
		}

		private void watch() {
			List<JarProcess> givenUp = new ArrayList<>();
			while (this.running.get()) {
				for (int i = 0; i < NODES && this.running.get(); i++) {
					JarProcess node = nodes.get(i);
					OptionalInt status = node.exitCode();
					if (status.isEmpty() || givenUp.contains(node)) {
						continue;
					}
					List<Exit> exited = this.exits.get(i);
					Instant noticed = Instant.now();
					if (exited.size() >= MAX_RESTARTS) {
						exited.add(new Exit(node.pid(), status.getAsInt(), noticed, null));
						givenUp.add(node);
						continue;
					}
					String name = "was" + (i + 1) + "-restart" + (exited.size() + 1);
					JarProcess restarted = null;
					try {
						restarted = startNode(name, i);
						nodes.set(i, restarted);
					}
					catch (IOException ex) {
						System.out.println("supervisor: cannot start " + name + ": " + ex);
						givenUp.add(node);
					}
					exited.add(new Exit(node.pid(), status.getAsInt(), noticed, restarted));
				}
				try {
					Thread.sleep(CHECK.toMillis());
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}

		/** Stop watching; returns once no restart can happen any more. */
		void stop() throws InterruptedException {
			this.running.set(false);
			this.thread.join(Duration.ofSeconds(30).toMillis());
			if (this.thread.isAlive()) {
				throw new IllegalStateException("The supervisor did not stop within 30 s.");
			}
		}

	}

	@FunctionalInterface
	private interface Step {

		void run() throws InterruptedException;

	}

}
