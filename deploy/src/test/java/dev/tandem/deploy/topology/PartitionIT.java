package dev.tandem.deploy.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.tandem.deploy.RequiresContainerEngine;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * F9 on the container topology: under load, {@code pi2} is cut off the network Hazelcast
 * uses (the gateway still reaches it on its own network), then reconnected. Each side
 * then sees a cluster of its own, and the gateway, the cluster's witness, routes only to
 * the side most nodes report ({@code pi3} and {@code pi4}): {@code pi2} stays ready but
 * gets no traffic, its sticky clients move to the other side like a failover, and an
 * answer {@code pi2} wrote in its view of one is never passed on. Once {@code pi2} has
 * merged back it serves again. Judged by what the clients got: no increment lost, no
 * session lost, no count below the one acknowledged before the cut; a session pinned to
 * {@code pi2} and written during the split keeps those writes after the merge; and by
 * what the gateway's log and admin API say about {@code pi2}'s exclusion and return.
 */
@RequiresContainerEngine
class PartitionIT {

	private static final String SCENARIO = "F9 pi2 cut off the cluster network under load, then healed";

	private static final String ROUTE_COOKIE = "TANDEM_ROUTE";

	/** What a was-node logs once its member has merged into the other side. */
	private static final String MERGED = "Merged into the session cluster after a network split";

	/** What the gateway logs when the witness takes a member out, and lets it back. */
	private static final String EXCLUDED = "Witness: member pi2 excluded";

	private static final String BACK = "Witness: member pi2 serves again";

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	@Test
	void shouldServeOnlyFromTheWinningSideAndLoseNothing() throws Exception {
		Topology topology = Topology.shared();
		Gateway gateway = topology.gateway();
		TandemContainer minority = topology.node("pi2");
		String onMinority = route(gateway, "pi2");
		SessionClient pinned = sessionOn(gateway, onMinority);
		Load load = Load.start(gateway, Load.Shape.standard());
		Thread.sleep(2000);

		load.sessionClients().forEach(SessionClient::markFloor);
		Map<Integer, String> nodeAtCut = new TreeMap<>();
		load.sessionClients().forEach((client) -> nodeAtCut.put(client.number(), client.lastNode()));
		int mergesBefore = minority.logged(MERGED);
		int exclusionsBefore = gateway.container().logged(EXCLUDED);
		int returnsBefore = gateway.container().logged(BACK);
		long cut = System.nanoTime();
		minority.disconnect(topology.network());
		Duration split;
		Duration excluded;
		JsonNode minorityView;
		JsonNode witnessDuringSplit;
		List<String> answeredPinned = new ArrayList<>();
		try {
			split = awaitSplit(topology, cut);
			await("pi2 excluded by the witness").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> gateway.excludedByWitness().contains("pi2"));
			excluded = Duration.ofNanos(System.nanoTime() - cut);
			minorityView = minority.readinessInside();
			witnessDuringSplit = gateway.witness();
			for (int i = 0; i < 3; i++) {
				answeredPinned.add(write(gateway, pinned, onMinority));
			}
			Thread.sleep(2000);
		}
		finally {
			minority.reconnect(topology.network());
		}
		long healed = System.nanoTime();
		await("pi2 merged").atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> minority.logged(MERGED) > mergesBefore);
		Duration merged = Duration.ofNanos(System.nanoTime() - healed);
		await("pi2 back in the witness's view").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> gateway.excludedByWitness().isEmpty());
		Duration back = Duration.ofNanos(System.nanoTime() - healed);
		topology.awaitClusterSafe(Duration.ofSeconds(120));
		Duration recover = Duration.ofNanos(System.nanoTime() - cut);
		int pinnedAfter = read(gateway, pinned, onMinority);
		Thread.sleep(2000);
		LoadResult result = load.stop();
		List<Integer> clientsOnBothSides = new ArrayList<>();
		List<String> belowFloor = new ArrayList<>();
		List<String> lost = new ArrayList<>();
		for (SessionClient client : result.sessions()) {
			if (client.nodeChanges() > 0) {
				clientsOnBothSides.add(client.number());
			}
			if (client.lowestSinceFloor() < client.floor()) {
				belowFloor.add(client.number() + ": " + client.lowestSinceFloor() + " < " + client.floor());
			}
			if (client.lostIncrements() > 0) {
				lost.add(client.number() + " (on " + nodeAtCut.get(client.number()) + " at the cut): "
						+ client.lostIncrements());
			}
		}
		long minorityClients = nodeAtCut.values().stream().filter("pi2"::equals).count();
		int heldBack = gateway.container().logged("Witness: held back an answer of member pi2");
		System.out.printf("F9: minority during the split %s; witness %s; %s; clients at the cut %s; moved %s%n",
				minorityView, witnessDuringSplit, result.summary(), nodeAtCut, clientsOnBothSides);
		result.failures().forEach(System.out::println);
		ReliabilityReport.add(ReliabilityReport.Row.of(SCENARIO, result, result.p99(cut, healed), excluded, recover,
				"each side alone " + split.toMillis() + " ms after the cut; the witness excluded pi2 "
						+ excluded.toMillis() + " ms after the cut (" + witnessDuringSplit.path("rule").asText("?")
						+ "), pi2's readiness meanwhile " + minorityView.path("status").asText("?") + "; " + heldBack
						+ " answer(s) of pi2 held back; writes pinned to pi2 during the split answered by "
						+ answeredPinned + "; merged (pi2's MERGED) " + merged.toMillis()
						+ " ms after the heal, back in rotation " + back.toMillis()
						+ " ms after the heal; pinned session after the merge " + pinnedAfter
						+ " (expected 5); clients on pi2 at the cut " + minorityClients + "; increments lost " + lost
						+ "; below the count acknowledged before the cut " + belowFloor));

		assertThat(minorityView.path("components").path("sessionCluster").path("details").path("members").asInt())
			.as("members pi2 saw while cut off")
			.isEqualTo(1);
		assertThat(witnessDuringSplit.path("excluded").toString()).as("witness while pi2 was cut off")
			.contains("\"member\":\"pi2\"")
			.contains("lost to the view of pi3, pi4 (2 members)");
		assertThat(answeredPinned).as("nodes that answered writes pinned to pi2 during the split")
			.doesNotContain("pi2");
		assertThat(gateway.container().logged(EXCLUDED)).as("gateway log lines: " + EXCLUDED)
			.isGreaterThan(exclusionsBefore);
		assertThat(gateway.container().logged(BACK)).as("gateway log lines: " + BACK).isGreaterThan(returnsBefore);
		assertThat(pinnedAfter).as("pinned session, written 3 times during the split, read after the merge")
			.isEqualTo(5);
		assertThat(result.sessionsLost()).as("sessions lost; problems seen: %s", result.failures()).isZero();
		assertThat(lost).as("increments lost by clients").isEmpty();
		assertThat(belowFloor).as("clients answered a count below the one acknowledged before the cut").isEmpty();
		topology.awaitSteady();
	}

	/** Wait until each side sees only itself; the time since the cut. */
	private static Duration awaitSplit(Topology topology, long cut) {
		await("majority of 2").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> topology.node("pi3").sessionCluster().path("members").asInt() == 2
					&& topology.node("pi4").sessionCluster().path("members").asInt() == 2);
		await("pi2 alone").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> topology.node("pi2")
				.readinessInside()
				.path("components")
				.path("sessionCluster")
				.path("details")
				.path("members")
				.asInt() == 1);
		return Duration.ofNanos(System.nanoTime() - cut);
	}

	/** The affinity token of a member, from a new client the gateway sent there. */
	private static String route(Gateway gateway, String node) throws InterruptedException {
		for (int i = 0; i < 12; i++) {
			SessionClient client = new SessionClient(100 + i);
			client.increment(Load.HTTP, gateway.publicUri(), false, TIMEOUT);
			if (client.lastNode().equals(node)) {
				return client.cookie(ROUTE_COOKIE);
			}
		}
		throw new AssertionError("12 new clients and none sent to " + node);
	}

	/** A new session, created on the member of this token; its count is 1. */
	private static SessionClient sessionOn(Gateway gateway, String route) throws InterruptedException {
		SessionClient client = new SessionClient(200);
		client.cookie(ROUTE_COOKIE, route);
		client.increment(Load.HTTP, gateway.publicUri(), false, TIMEOUT);
		assertThat(client.acknowledged()).as("count of a new session").isEqualTo(1);
		return client;
	}

	/** Increment the session through the member of this token; the node that answered. */
	private static String write(Gateway gateway, SessionClient client, String route) throws InterruptedException {
		client.cookie(ROUTE_COOKIE, route);
		Outcome outcome = client.increment(Load.HTTP, gateway.publicUri(), false, TIMEOUT);
		assertThat(outcome.answered()).as("write answered").isTrue();
		return client.lastNode();
	}

	/** Increment once more through a member; the count it answered. */
	private static int read(Gateway gateway, SessionClient client, String route) throws InterruptedException {
		client.cookie(ROUTE_COOKIE, route);
		Outcome outcome = client.increment(Load.HTTP, gateway.publicUri(), false, TIMEOUT);
		assertThat(outcome.answered()).as("read answered").isTrue();
		return client.acknowledged();
	}

}
