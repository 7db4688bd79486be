package dev.tandem.deploy.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tandem.deploy.RequiresContainerEngine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * F3 on the container topology: under load, the JVM of the member serving most session
 * clients is frozen ({@code SIGSTOP}: its sockets stay open, nothing answers) for longer
 * than the gateway's response timeout, then thawed. The gateway must take it out within
 * its health checks' bound ({@code fall × interval + timeout}, 5 s with the defaults) or
 * sooner by passive ejection; no request may wait much longer than the response timeout
 * (10 s), and no GET may fail (a POST waiting on the frozen member gets 504, never
 * replayed). After the thaw the member learns the others dropped it and is a cluster of
 * its own, holding its copies from before the freeze, until its merge (Hazelcast looks
 * for the other side every 10 s). The gateway, the cluster's witness, keeps it out of
 * rotation meanwhile: its view is not the one the other nodes report, so it serves again
 * only once it has merged (its log and admin API say so). No session may come back empty
 * and no acknowledged increment may be lost.
 */
@RequiresContainerEngine
class FreezeMemberIT {

	private static final String SCENARIO = "F3 member frozen (SIGSTOP) under load, then thawed";

	/** What a was-node logs once its member has merged back after a split. */
	private static final String MERGED = "Merged into the session cluster after a network split";

	/** {@code tandem.gateway.health.fall × interval + timeout} with the defaults. */
	private static final Duration EJECTION_BOUND = Duration.ofSeconds(2 * 2 + 1);

	/** {@code spring.cloud.gateway.server.webflux.httpclient.response-timeout}. */
	private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);

	/** Longer than the response timeout, so requests stuck on the member run into it. */
	private static final Duration FROZEN_FOR = Duration.ofSeconds(12);

	/**
	 * Scheduling on this shared machine, and one replay on a live member after a timeout.
	 */
	private static final Duration SLACK = Duration.ofMillis(2500);

	@Test
	void shouldEjectAFrozenMemberWithinTheHealthBoundAndKeepEverySession() throws Exception {
		Topology topology = Topology.shared();
		Gateway gateway = topology.gateway();
		Load load = Load.start(gateway, Load.Shape.standard());
		Thread.sleep(2000);
		Map<String, Integer> clientsByNode = load.sessionClientsByNode();
		String frozen = Load.busiest(clientsByNode);
		TandemContainer node = topology.node(frozen);

		int mergesBefore = node.logged(MERGED);
		int exclusionsBefore = gateway.container().logged("Witness: member " + frozen + " excluded");
		int returnsBefore = gateway.container().logged("Witness: member " + frozen + " serves again");
		long fault = System.nanoTime();
		Instant frozenAt = Instant.now();
		node.freeze();
		Duration detect;
		try {
			detect = gateway.awaitMemberState(frozen, (state) -> !state.equals("up"), fault, Duration.ofSeconds(30));
			Thread.sleep(Math.max(0, FROZEN_FOR.toMillis() - Duration.ofNanos(System.nanoTime() - fault).toMillis()));
		}
		finally {
			node.thaw();
		}
		long thawed = System.nanoTime();
		Instant thawedAt = Instant.now();
		Duration recover = gateway.awaitMemberState(frozen, (state) -> state.equals("up") || state.equals("slow-start"),
				fault, Duration.ofSeconds(90));
		// The thawed member was dropped by the others after 5 s without heartbeat; it
		// merges back (merge checks every 10 s) and the backups are rebuilt.
		// Dropped by the others, the thawed member is a cluster of its own, holding its
		// copies from before the freeze, until its merge.
		await("thawed member merged back").atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> node.logged(MERGED) > mergesBefore);
		Duration alone = Duration.between(thawedAt, node.lastLoggedAt(MERGED));
		Duration backInRotation = recover.minus(Duration.ofNanos(thawed - fault));
		Duration merged = topology.awaitClusterSafe(Duration.ofSeconds(90));
		Thread.sleep(3000);
		LoadResult result = load.stop();
		Duration longest = result.maxLatency(fault, thawed);
		List<String> lost = new ArrayList<>();
		for (SessionClient client : result.sessions()) {
			if (client.lostIncrements() > 0) {
				lost.add(client.number() + ": " + client.lostIncrements());
			}
		}
		int exclusions = gateway.container().logged("Witness: member " + frozen + " excluded") - exclusionsBefore;
		int returns = gateway.container().logged("Witness: member " + frozen + " serves again") - returnsBefore;

		System.out.printf("F3: session clients by node before the freeze %s, froze %s at %s, thawed at %s; %s%n",
				clientsByNode, frozen, frozenAt, thawedAt, result.summary());
		result.failures().forEach(System.out::println);
		ReliabilityReport.add(ReliabilityReport.Row.of(SCENARIO, result, result.p99(fault, thawed), detect, recover,
				frozen + " frozen " + FROZEN_FOR.toSeconds() + " s, serving " + clientsByNode.get(frozen)
						+ " of 10 session clients; longest request " + longest.toMillis() + " ms; failed: "
						+ result.failedRequests("POST") + " POSTs, " + result.failedRequests("GET")
						+ " GETs; after the thaw: back in the gateway's rotation after " + backInRotation.toMillis()
						+ " ms, merged back into the cluster after " + alone.toMillis() + " ms; cluster safe again "
						+ merged.toMillis() + " ms after the member was back; witness exclusions " + exclusions
						+ ", returns " + returns + "; increments lost " + lost));

		assertThat(detect).as("out of rotation after (bound %s)", EJECTION_BOUND)
			.isLessThanOrEqualTo(EJECTION_BOUND.plus(SLACK));
		assertThat(longest).as("longest request during the freeze (response timeout %s)", RESPONSE_TIMEOUT)
			.isLessThanOrEqualTo(RESPONSE_TIMEOUT.plus(SLACK));
		assertThat(result.failedRequests("GET")).as("failed GETs; problems seen: %s", result.failures()).isZero();
		assertThat(result.failedRequests("POST"))
			.as("failed POSTs (waiting on the frozen member); problems seen: %s", result.failures())
			.isLessThanOrEqualTo(clientsByNode.get(frozen));
		assertThat(result.sessionsLost()).as("sessions lost; problems seen: %s", result.failures()).isZero();
		assertThat(lost).as("acknowledged increments lost by clients").isEmpty();
		assertThat(exclusions).as("gateway log: witness excluded the thawed member").isPositive();
		assertThat(returns).as("gateway log: the thawed member serves again").isPositive();
		assertThat(result.sessionRequestsAnswered()).as("session requests answered").isGreaterThan(200);
		topology.awaitSteady();
	}

}
