package dev.tandem.deploy.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tandem.deploy.RequiresContainerEngine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * F6 and F7 on the container topology: under load, both actives are SIGKILLed at once;
 * the standby serves at once with every session (each session has a copy on every node,
 * backup-count 2). Then the actives come back one after the other: the clients go back to
 * them without a failed request, and the second one ramps up (slow start): its share of
 * new clients starts well below its full 5 of 6 and grows over the slow-start time.
 */
@RequiresContainerEngine
class AllActivesDownIT {

	private static final String SCENARIO = "F6/F7 both actives killed under load, standby serves; actives back with slow start";

	/** Windows of new clients taken during the second active's slow start. */
	private static final int WINDOWS = 4;

	@Test
	void shouldServeFromTheStandbyAtOnceAndFailBackWithoutErrorsRampingUp() throws Exception {
		Topology topology = Topology.shared();
		Gateway gateway = topology.gateway();
		Load load = Load.start(gateway, Load.Shape.standard());
		Thread.sleep(2000);
		int onActives = (int) load.sessionClients()
			.stream()
			.filter((client) -> !client.lastNode().equals("pi4"))
			.count();

		// F6: both actives die together.
		long fault = System.nanoTime();
		topology.node("pi2").kill();
		topology.node("pi3").kill();
		Duration standbyServes = awaitNewClientOn(gateway, "pi4", fault, Duration.ofSeconds(30));
		Duration detect = max(
				gateway.awaitMemberState("pi2", (state) -> !state.equals("up"), fault, Duration.ofSeconds(30)),
				gateway.awaitMemberState("pi3", (state) -> !state.equals("up"), fault, Duration.ofSeconds(30)));
		// Requests sent before the actives were taken out may wait on a dead member for
		// up to the gateway's response timeout (10 s), so only answers to requests sent
		// after that count; every client must have one.
		long takenOut = fault + detect.toNanos();
		await("every session client answered for a request sent after the actives were taken out")
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> load.sessionClients().stream().allMatch((client) -> client.answeredSince(takenOut)));
		List<String> onStandby = load.sessionClients().stream().map(SessionClient::lastNode).distinct().toList();
		long outageEnd = System.nanoTime();

		// F7: pi2 comes back (alone in its tier, it takes everyone back), then pi3, whose
		// share of new clients ramps up while pi2 is at full weight.
		long failBack = System.nanoTime();
		topology.node("pi2").restart(Topology.START_TIMEOUT);
		gateway.awaitMemberState("pi2", "up"::equals, failBack, Duration.ofSeconds(90));
		// Not restart(), which waits until the node answers the test's own readiness
		// check: the ramp is measured from when the gateway starts it, and on a loaded
		// machine that check can come seconds after the gateway's probes have passed.
		topology.node("pi3").startAgain();
		gateway.awaitMemberState("pi3", (state) -> state.equals("slow-start") || state.equals("up"), failBack,
				Topology.START_TIMEOUT.plusSeconds(30));
		List<Double> ramp = rampShares(gateway, "pi3", "pi2");
		Duration recover = Duration.ofNanos(System.nanoTime() - fault);
		long failBackEnd = System.nanoTime();
		Thread.sleep(2000);
		LoadResult result = load.stop();
		int failedOnFailBack = result.failedRequests(failBack, Long.MAX_VALUE);
		List<String> shares = ramp.stream().map((share) -> String.format("%.2f", share)).toList();

		System.out.printf("F6/F7: %d of 10 session clients on the actives; on the standby: %s; ramp of pi3 %s; %s%n",
				onActives, onStandby, shares, result.summary());
		result.failures().forEach(System.out::println);
		ReliabilityReport.add(ReliabilityReport.Row.of(SCENARIO, result, result.p99(fault, outageEnd), detect, recover,
				"standby answered a new client " + standbyServes.toMillis() + " ms after the kills; failed: "
						+ result.failedRequests("POST") + " POSTs in flight on the actives, "
						+ result.failedRequests("GET") + " GETs (" + result.getsCutMidAnswer()
						+ " of them cut in the middle of an answer), " + failedOnFailBack
						+ " during fail-back; pi3's share of new clients in each quarter of its slow start " + shares
						+ " (full weight: 0.83); p99 during fail-back " + result.p99(failBack, failBackEnd).toMillis()
						+ " ms"));

		assertThat(onStandby).as("nodes serving the session clients while both actives are down")
			.containsExactly("pi4");
		assertThat(standbyServes).as("until the standby served a new client").isLessThan(Duration.ofSeconds(10));
		// As in F1: a GET is retried on another member unless the killed member's answer
		// had begun to pass through the gateway (docs/reliability.md).
		assertThat(result.failedRequests("GET") - result.getsCutMidAnswer())
			.as("failed GETs, but those cut in the middle of an answer; problems seen: %s", result.failures())
			.isZero();
		assertThat(result.getsCutMidAnswer()).as("GETs cut in the middle of an answer (in flight on the actives)")
			.isLessThanOrEqualTo(onActives);
		assertThat(result.failedRequests("POST"))
			.as("failed POSTs (in flight on the killed actives); problems seen: %s", result.failures())
			.isLessThanOrEqualTo(onActives);
		assertThat(failedOnFailBack).as("failed requests once the actives come back").isZero();
		assertThat(result.sessionsLost()).as("sessions lost; problems seen: %s", result.failures()).isZero();
		assertThat(result.lostIncrements()).as("acknowledged increments lost; problems seen: %s", result.failures())
			.isZero();
		// 1 : 5 × 10% = 1 : 0.5 at the start of the ramp, 1 : 5 at its end.
		assertThat(ramp.get(0)).as("pi3's share of new clients early in its slow start").isLessThan(0.65);
		assertThat(ramp.get(WINDOWS - 1)).as("pi3's share late in its slow start").isGreaterThan(ramp.get(0) + 0.15);
		topology.awaitSteady();
	}

	/**
	 * Ask with new clients until one is answered by the node; the time since the mark.
	 */
	private static Duration awaitNewClientOn(Gateway gateway, String node, long sinceNanos, Duration timeout)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (gateway.newClients(1).containsKey(node)) {
				return Duration.ofNanos(System.nanoTime() - sinceNanos);
			}
			Thread.sleep(50);
		}
		throw new AssertionError("no new client answered by " + node + " within " + timeout);
	}

	/**
	 * New clients in {@link #WINDOWS} equal windows over the slow-start time: in each,
	 * the share the ramping member took of those answered by it and the other.
	 */
	private static List<Double> rampShares(Gateway gateway, String ramping, String other) throws InterruptedException {
		List<Double> shares = new ArrayList<>();
		long window = Topology.SLOW_START.toNanos() / WINDOWS;
		for (int i = 0; i < WINDOWS; i++) {
			long end = System.nanoTime() + window;
			int mine = 0;
			int theirs = 0;
			for (int n = 0; n < 2000 && System.nanoTime() < end; n++) {
				Map<String, Integer> answer = gateway.newClients(1);
				mine += answer.getOrDefault(ramping, 0);
				theirs += answer.getOrDefault(other, 0);
			}
			shares.add((mine + theirs == 0) ? 0.0 : (double) mine / (mine + theirs));
		}
		return shares;
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

}
