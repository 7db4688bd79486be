package dev.tandem.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * F12 at the merge, on three real was-node processes: was1's Hazelcast clock runs 40 s
 * ahead ({@code -Dcom.hazelcast.clock.offset=40000}). was1 is frozen ({@code SIGSTOP})
 * until the others drop it, a split of its own, as a long pause or a cut cable makes one;
 * meanwhile was2 serves every session once more. Thawed, was1 holds copies it last wrote
 * before the split, stamped 40 s ahead, and merges them into the others. Every session
 * must keep was2's later write (Hazelcast's LatestUpdateMergePolicy kept was1's stale
 * copy; see SplitBrainClockSkewIT in session-cluster for both policies side by side).
 * Nothing requests the sessions while the merge runs.
 */
class ClockSkewMergeEndToEndIT {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

	private static final Duration CLUSTER_CHANGE = Duration.ofSeconds(60);

	private static final String MERGED = "Merged into the session cluster after a network split";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final int SESSIONS = 20;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final List<JarProcess> processes = new ArrayList<>();

	private JarProcess frozen;

	@AfterEach
	void stopNodes() throws Exception {
		if (this.frozen != null) {
			signal("CONT", this.frozen);
		}
		for (JarProcess process : this.processes) {
			process.close();
		}
	}

	@Test
	void theLaterWritesOfTheNodesBehindShouldWinOverTheStaleCopiesOfANodeWhoseClockRunsAhead() throws Exception {
		FreePorts ports = new FreePorts();
		int[] http = { ports.next(), ports.next(), ports.next() };
		int[] hazelcast = { ports.next(), ports.next(), ports.next() };
		String members = "127.0.0.1:" + hazelcast[0] + ",127.0.0.1:" + hazelcast[1] + ",127.0.0.1:" + hazelcast[2];
		JarProcess was1 = start("was1", List.of("-Dcom.hazelcast.clock.offset=40000"), http[0], hazelcast[0], members);
		JarProcess was2 = start("was2", List.of(), http[1], hazelcast[1], members);
		JarProcess was3 = start("was3", List.of(), http[2], hazelcast[2], members);
		for (JarProcess process : List.of(was1, was2, was3)) {
			process.awaitReady(START_TIMEOUT);
		}
		await("3 members on every node").atMost(CLUSTER_CHANGE)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> members(http[0]) == 3 && members(http[1]) == 3 && members(http[2]) == 3);

		// Created through the node ahead; with backup-count 2 every node holds a copy.
		List<String> cookies = new ArrayList<>();
		for (int i = 0; i < SESSIONS; i++) {
			HttpResponse<String> first = get(http[0], "/session", null);
			assertThat(count(first)).isEqualTo(1);
			String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
			cookies.add(setCookie.substring(0, setCookie.indexOf(';')));
		}

		long freeze = System.nanoTime();
		this.frozen = was1;
		signal("STOP", was1);
		await("was2 and was3 without was1").atMost(CLUSTER_CHANGE)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> members(http[1]) == 2 && members(http[2]) == 2);
		long dropped = System.nanoTime();
		Map<Integer, Integer> writtenOnWas2 = new TreeMap<>();
		for (String cookie : cookies) {
			writtenOnWas2.merge(count(get(http[1], "/session", cookie)), 1, Integer::sum);
		}
		int mergesBefore = logged(was1, MERGED);
		signal("CONT", was1);
		this.frozen = null;
		long thawed = System.nanoTime();
		await("was1 merged").atMost(CLUSTER_CHANGE)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> logged(was1, MERGED) > mergesBefore);
		long merged = System.nanoTime();
		await("3 members again").atMost(CLUSTER_CHANGE)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> members(http[0]) == 3 && members(http[1]) == 3 && members(http[2]) == 3);

		Map<Integer, Integer> afterMerge = new TreeMap<>();
		for (String cookie : cookies) {
			afterMerge.merge(count(get(http[2], "/session", cookie)), 1, Integer::sum);
		}
		System.out.printf(
				"[measured] was1 40 s ahead, frozen: dropped by the others after %d ms; counts written on was2 "
						+ "%s; was1 merged %d ms after the thaw; counts read on was3 after the merge %s "
						+ "(3: was2's write kept, 2: was1's stale copy won)%n",
				millis(freeze, dropped), writtenOnWas2, millis(thawed, merged), afterMerge);
		assertThat(writtenOnWas2).as("counts was2 wrote during the split").isEqualTo(Map.of(2, SESSIONS));
		assertThat(afterMerge).as("counts after the merge, one request later").isEqualTo(Map.of(3, SESSIONS));
	}

	private JarProcess start(String id, List<String> jvmOptions, int httpPort, int hazelcastPort, String members)
			throws IOException {
		JarProcess process = JarProcess.start(id, "tandem.was-node.jar", readiness(httpPort), jvmOptions,
				List.of("--server.port=" + httpPort, "--tandem.node.id=" + id,
						"--tandem.node.cluster.port=" + hazelcastPort, "--tandem.node.cluster.members=" + members,
						"--tandem.node.cluster.interface=127.0.0.1", "--tandem.node.cluster.backup-count=2"));
		this.processes.add(process);
		return process;
	}

	/** Sends a signal to a process this test started. */
	private static void signal(String name, JarProcess process) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
		assertThat(kill.waitFor()).as("kill -%s %s", name, process.name()).isZero();
	}

	private static int logged(JarProcess process, String line) throws IOException {
		String log = Files.readString(process.log(), StandardCharsets.UTF_8);
		int count = 0;
		for (int at = log.indexOf(line); at >= 0; at = log.indexOf(line, at + 1)) {
			count++;
		}
		return count;
	}

	private int members(int httpPort) {
		try {
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
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
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

	private static long millis(long fromNanos, long toNanos) {
		return Duration.ofNanos(toNanos - fromNanos).toMillis();
	}

}
