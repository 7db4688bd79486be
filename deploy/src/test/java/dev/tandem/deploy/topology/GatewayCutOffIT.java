package dev.tandem.deploy.topology;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tandem.deploy.RequiresContainerEngine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * F10 on the container topology: under load, the member serving most session clients is
 * cut off the gateway's network while it stays on Hazelcast's: the cluster still counts
 * it, the gateway cannot reach it. The gateway must take it out of rotation (health
 * checks, passive ejection) and move its clients to the others with their sessions; no
 * GET may fail (a POST in flight on it may, never replayed). Then it is reconnected and
 * must come back into rotation.
 */
@RequiresContainerEngine
class GatewayCutOffIT {

	private static final String SCENARIO = "F10 gateway cut off from the busiest member, cluster intact, under load";

	/**
	 * Long enough to observe the clients after the detection plus a response timeout
	 * while the member is still cut off.
	 */
	private static final Duration CUT_FOR = Duration.ofSeconds(30);

	/** {@code spring.cloud.gateway.server.webflux.httpclient.response-timeout}. */
	private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);

	@Test
	void shouldTakeAMemberTheGatewayCannotReachOutOfRotationAndLoseNoSession() throws Exception {
		Topology topology = Topology.shared();
		Gateway gateway = topology.gateway();
		Load load = Load.start(gateway, Load.Shape.standard());
		Thread.sleep(2000);
		Map<String, Integer> clientsByNode = load.sessionClientsByNode();
		String busiest = Load.busiest(clientsByNode);
		TandemContainer node = topology.node(busiest);

		long cut = System.nanoTime();
		node.disconnect(topology.gatewayNetwork());
		Duration detect;
		int clusterMembersDuringCut;
		String readyDuringCut;
		List<String> servingDuringCut;
		try {
			detect = gateway.awaitMemberState(busiest, (state) -> !state.equals("up"), cut, Duration.ofSeconds(30));
			// A request sent on a pooled connection just before the gateway took the
			// member out waits for the response timeout; after that every client must
			// have been moved. Counted from the detection, not the cut: under load the
			// gateway has taken about 10 s to notice (the detection column of the
			// report).
			long detected = cut + detect.toNanos();
			Thread.sleep(Math.max(0, RESPONSE_TIMEOUT.plusSeconds(1).toMillis()
					- Duration.ofNanos(System.nanoTime() - detected).toMillis()));
			servingDuringCut = nodesAnsweringRequestsSentAfter(load, System.nanoTime());
			clusterMembersDuringCut = topology.node("pi4").sessionCluster().path("members").asInt();
			// Asked inside its container: the host's port mapping may lead through the
			// network it was cut off.
			readyDuringCut = node.readinessInside().path("status").asText();
			Thread.sleep(Math.max(0, CUT_FOR.toMillis() - Duration.ofNanos(System.nanoTime() - cut).toMillis()));
		}
		finally {
			node.reconnect(topology.gatewayNetwork());
		}
		long reconnected = System.nanoTime();
		Duration recover = gateway.awaitMemberState(busiest,
				(state) -> state.equals("up") || state.equals("slow-start"), cut, Duration.ofSeconds(90));
		Thread.sleep(2000);
		LoadResult result = load.stop();

		System.out.printf("F10: session clients by node before the cut %s, cut %s; serving during the cut %s; %s%n",
				clientsByNode, busiest, servingDuringCut, result.summary());
		result.failures().forEach(System.out::println);
		ReliabilityReport.add(ReliabilityReport.Row.of(SCENARIO, result, result.p99(cut, reconnected), detect, recover,
				busiest + " cut off the gateway for " + CUT_FOR.toSeconds() + " s, serving "
						+ clientsByNode.get(busiest) + " of 10 session clients; meanwhile the cluster had "
						+ clusterMembersDuringCut + " members and " + busiest + "'s readiness was " + readyDuringCut
						+ "; failed: " + result.failedRequests("POST") + " POSTs, " + result.failedRequests("GET")
						+ " GETs"));

		assertThat(clusterMembersDuringCut).as("cluster members while the gateway was cut off").isEqualTo(3);
		assertThat(readyDuringCut).as("%s's readiness while the gateway was cut off", busiest).isEqualTo("UP");
		assertThat(servingDuringCut).as("nodes serving the session clients during the cut").doesNotContain(busiest);
		// A client left waiting is seldom (one CI run in three at most): the gateway's
		// warnings say which member the request waited on.
		assertThat(servingDuringCut)
			.as("every session client answered within 5 s, 11 s after the detection; the gateway warned: %s",
					gateway.container().warnings())
			.noneMatch((served) -> served.startsWith("client"));
		assertThat(result.failedRequests("GET")).as("failed GETs; problems seen: %s", result.failures()).isZero();
		assertThat(result.failedRequests("POST"))
			.as("failed POSTs (in flight on the cut member); problems seen: %s", result.failures())
			.isLessThanOrEqualTo(clientsByNode.get(busiest));
		assertThat(result.sessionsLost()).as("sessions lost; problems seen: %s", result.failures()).isZero();
		assertThat(result.lostIncrements()).as("acknowledged increments lost; problems seen: %s", result.failures())
			.isZero();
		topology.awaitSteady();
	}

	/**
	 * The nodes that answered the session clients' requests sent after the given moment,
	 * once every client has been answered for one (bounded: a client that is not is
	 * listed as such, never by the node it had before, so a slow client is not taken for
	 * one the gateway still sends to the cut member).
	 */
	private static List<String> nodesAnsweringRequestsSentAfter(Load load, long since) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() < deadline
				&& !load.sessionClients().stream().allMatch((client) -> client.answeredSince(since))) {
			Thread.sleep(100);
		}
		return load.sessionClients()
			.stream()
			.map((client) -> client.answeredSince(since) ? client.lastNode()
					: "client " + client.number() + " not answered (last by " + client.lastNode() + "; "
							+ client.waiting(System.nanoTime()) + ")")
			.distinct()
			.sorted()
			.toList();
	}

}
