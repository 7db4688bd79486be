package dev.tandem.deploy.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.tandem.deploy.RequiresContainerEngine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * F8 on the container topology: under load, the gateway is stopped gracefully (SIGTERM)
 * and started again, then killed ({@code kill -9}) and started again. Requests fail only
 * while it is down (nothing answers its port); afterwards every session client is served
 * by the same member as before, from its affinity cookie alone (the gateway keeps no
 * state), with its session and count intact. The graceful stop drains: requests in flight
 * at the SIGTERM are answered, including a POST whose body is still arriving (which the
 * was-node answers before reading it, so the gateway closes that connection lingering:
 * the client sends the rest of its body and then reads the end of the stream, no reset).
 * The SIGTERM is sent once that POST's answer has come back, not after a fixed pause: a
 * request the gateway has not read yet is not in flight to it; and its body goes on until
 * the gateway has logged the beginning of its drain.
 */
@RequiresContainerEngine
class GatewayRestartIT {

	private static final String SCENARIO = "F8 gateway restarted under load: SIGTERM, then kill -9";

	/** What the gateway logs when the SIGTERM has begun its drain. */
	private static final String DRAIN_BEGAN = "Commencing graceful shutdown";

	/** The slow POST's body: one byte a pause, and this many once the drain has begun. */
	private static final Duration SLOW_BODY_PAUSE = Duration.ofMillis(400);

	private static final int SLOW_BODY_BYTES_AFTER_DRAIN_BEGAN = 3;

	@Test
	void shouldRestoreAffinityFromTheCookiesAndDrainInFlightRequestsOnAGracefulStop() throws Exception {
		Topology topology = Topology.shared();
		Gateway gateway = topology.gateway();
		TandemContainer pi1 = gateway.container();
		Load load = Load.start(gateway, Load.Shape.standard());
		Thread.sleep(2000);
		Map<Integer, String> before = nodes(load);

		// Graceful: a POST's body is still arriving when the drain begins. Its answer is
		// awaited first: until the gateway has read the request's head, the connection
		// is idle to it and closed at once (a client retries on a new connection). The
		// body goes on until the gateway logs its drain: the SIGTERM takes from 0.1 s
		// to seconds to get through the container engine.
		int drainsBefore = pi1.logged(DRAIN_BEGAN);
		DribbledPost inFlight = DribbledPost.start(gateway.publicUri(), "/session", SLOW_BODY_PAUSE,
				() -> pi1.logged(DRAIN_BEGAN) > drainsBefore, SLOW_BODY_BYTES_AFTER_DRAIN_BEGAN);
		String drained = answer(inFlight.answered());
		long graceful = System.nanoTime();
		Duration stopped = pi1.terminate();
		// The public port's line; the management port's follows once the drain is over.
		Instant drainBegan = pi1.loggedAt(DRAIN_BEGAN, drainsBefore);
		gateway.restart(Topology.START_TIMEOUT);
		long gracefulBack = System.nanoTime();
		String ended = answer(inFlight.ended());
		Instant bodyEnded = inFlight.lastByteSent();
		Map<Integer, String> afterGraceful = nodesOnceAnsweredAgain(load);
		// Until every client has been answered again, a client may still try a connection
		// it pooled before the stop, which the stopped gateway closed: the JDK client
		// sends a POST on it once and reports "header parser received no bytes". Seen
		// once (three POSTs 0.6 s after a restart that took 50 s), most likely that; not
		// proven. Those count with the restart, not as failures while the gateway was up.
		long gracefulSettled = System.nanoTime();

		// Crash: no drain, nothing written anywhere.
		long crash = System.nanoTime();
		pi1.kill();
		gateway.restart(Topology.START_TIMEOUT);
		long crashBack = System.nanoTime();
		Map<Integer, String> afterCrash = nodesOnceAnsweredAgain(load);
		long crashSettled = System.nanoTime();
		LoadResult result = load.stop();

		// Requests in flight at the SIGTERM are the drain's: reported apart (see below).
		int cutAtSigterm = result.failedInFlightAt(graceful);
		// Each failure counted once: one in flight at the kill may have started inside
		// the
		// graceful restart's window (a CI run counted two twice and reported -2).
		int failedWhileUp = result.failedRequestsExcept((sample) -> sample.startedBetween(graceful, gracefulSettled)
				|| sample.startedBetween(crash, crashSettled) || sample.inFlightAt(graceful)
				|| sample.inFlightAt(crash));
		Duration down = max(Duration.ofNanos(gracefulBack - graceful), Duration.ofNanos(crashBack - crash));
		List<String> moved = new ArrayList<>();
		before.forEach((client, node) -> {
			if (!node.equals(afterGraceful.get(client)) || !node.equals(afterCrash.get(client))) {
				moved.add(client + ": " + node + " -> " + afterGraceful.get(client) + " -> " + afterCrash.get(client));
			}
		});
		System.out.printf("F8: clients' nodes before %s, after SIGTERM %s, after kill -9 %s; %s%n", before,
				afterGraceful, afterCrash, result.summary());
		result.failures().forEach(System.out::println);
		ReliabilityReport.add(
				ReliabilityReport.Row.of(SCENARIO, result, result.p99(graceful, crashBack + 3_000_000_000L), null, down,
						"failed while the gateway was down, " + cutAtSigterm + " in flight at SIGTERM cut, "
								+ failedWhileUp + " other while it was up; stop took " + stopped.toMillis()
								+ " ms; a request whose body was arriving at SIGTERM: "
								+ drained.replace('|', '/').lines().findFirst().orElse("") + ", then " + ended
								+ " (body's last byte " + bodyEnded + ", drain began " + drainBegan + "); "
								+ moved.size() + " of 10 clients moved member; down "
								+ Duration.ofNanos(gracefulBack - graceful).toMillis() + " ms (SIGTERM) and "
								+ Duration.ofNanos(crashBack - crash).toMillis() + " ms (kill -9), restart included"));

		assertThat(drained).as("the answer to the POST whose body was arriving at the SIGTERM").startsWith("200 ");
		assertThat(drainBegan).as("when the gateway began to drain").isNotNull();
		// How the rest of the body went (bodyEnded, ended) is reported, not asserted: the
		// answer is whole, and the gateway may then close the connection while the client
		// still sends (a CI run on 2026-12-05 saw a broken pipe there;
		// docs/reliability.md).
		assertThat(cutAtSigterm).as("requests in flight at the SIGTERM cut").isZero();
		assertThat(moved).as("clients served by another member after the restarts").isEmpty();
		assertThat(failedWhileUp).as("failed requests while the gateway was up").isZero();
		assertThat(result.sessionsLost()).as("sessions lost; problems seen: %s", result.failures()).isZero();
		assertThat(result.lostIncrements()).as("acknowledged increments lost; problems seen: %s", result.failures())
			.isZero();
		topology.awaitSteady();
	}

	/**
	 * Each session client's node once every client has been answered twice more (so the
	 * node is one that answered after the restart).
	 */
	private static Map<Integer, String> nodesOnceAnsweredAgain(Load load) {
		Map<Integer, Integer> answered = new TreeMap<>();
		load.sessionClients().forEach((client) -> answered.put(client.number(), client.answered()));
		await("every session client answered again").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> load.sessionClients()
				.stream()
				.allMatch((client) -> client.answered() >= answered.get(client.number()) + 2));
		return nodes(load);
	}

	/** What the POST got, or that it got nothing in time. */
	private static String answer(CompletableFuture<String> outcome) throws InterruptedException {
		try {
			return outcome.get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			return "failed: " + ex;
		}
	}

	private static Map<Integer, String> nodes(Load load) {
		Map<Integer, String> nodes = new TreeMap<>();
		load.sessionClients().forEach((client) -> nodes.put(client.number(), client.lastNode()));
		return nodes;
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

}
