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
 * uses (the gateway still reaches it on its own network), then reconnected. With the
 * default {@code tandem.node.cluster.min-size} 0 docs/session-cluster.md documents: both
 * sides keep serving (so the minority stays ready and in the gateway's rotation); every
 * session is on both sides (backup-count 2 on three nodes), so none comes back empty; on
 * heal the lone side merges into the larger one and per session the copy last written or
 * requested wins. A request for a session between {@code pi2} rejoining and the end of
 * its merge (its log says {@code Merged into the session cluster}) is served from the
 * larger side's copy and makes that copy the latest, so the load's clients that
 * {@code pi2} served during the split, still requesting while it merges, go back to the
 * larger side's count; clients the larger side served lose nothing. Two probe sessions,
 * written on both sides in opposite orders and not requested until the merge is done,
 * keep the copy written last.
 */
@RequiresContainerEngine
class PartitionIT {

	private static final String SCENARIO = "F9 pi2 cut off the cluster network under load, then healed";

	private static final String ROUTE_COOKIE = "TANDEM_ROUTE";

	/** What a was-node logs once its member has merged into the other side. */
	private static final String MERGED = "Merged into the session cluster after a network split";

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	/** More than the one second the merge policy's time stamps resolve. */
	private static final Duration BETWEEN_SIDES = Duration.ofMillis(2500);

	@Test
	void shouldKeepBothSidesServingAndMergeToTheCopyLastWrittenOrRequested() throws Exception {
		Topology topology = Topology.shared();
		Gateway gateway = topology.gateway();
		TandemContainer minority = topology.node("pi2");
		String onMinority = route(gateway, "pi2");
		String onMajority = route(gateway, "pi3");
		// Written on the majority first, then on the minority: the minority's copy is the
		// latest. The other one the other way round.
		SessionClient minorityWins = sessionOn(gateway, onMinority);
		SessionClient majorityWins = sessionOn(gateway, onMinority);
		Load load = Load.start(gateway, Load.Shape.standard());
		Thread.sleep(2000);

		load.sessionClients().forEach(SessionClient::markFloor);
		Map<Integer, String> nodeAtCut = new TreeMap<>();
		load.sessionClients().forEach((client) -> nodeAtCut.put(client.number(), client.lastNode()));
		int mergesBefore = minority.logged(MERGED);
		long cut = System.nanoTime();
		minority.disconnect(topology.network());
		Duration detect;
		JsonNode minorityView;
		String minorityStateDuringSplit;
		try {
			detect = awaitSplit(topology, cut);
			minorityView = minority.readinessInside();
			write(gateway, minorityWins, onMajority, 1, "pi3");
			write(gateway, majorityWins, onMinority, 3, "pi2");
			Thread.sleep(BETWEEN_SIDES.toMillis());
			write(gateway, minorityWins, onMinority, 3, "pi2");
			write(gateway, majorityWins, onMajority, 1, "pi3");
			minorityStateDuringSplit = gateway.memberStates().get("pi2");
			Thread.sleep(BETWEEN_SIDES.toMillis());
		}
		finally {
			minority.reconnect(topology.network());
		}
		long healed = System.nanoTime();
		// The probes are read only once pi2's merge is over: a request before would make
		// the larger side's copy the latest (documented).
		await("pi2 merged").atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> minority.logged(MERGED) > mergesBefore);
		Duration merged = Duration.ofNanos(System.nanoTime() - healed);
		topology.awaitClusterSafe(Duration.ofSeconds(120));
		Duration recover = Duration.ofNanos(System.nanoTime() - cut);
		int minorityWinsAfter = read(gateway, minorityWins, onMajority);
		int majorityWinsAfter = read(gateway, majorityWins, onMajority);
		Thread.sleep(2000);
		LoadResult result = load.stop();
		List<Integer> clientsOnBothSides = new ArrayList<>();
		List<String> belowFloor = new ArrayList<>();
		List<String> lostOnMajority = new ArrayList<>();
		List<String> lostOnMinority = new ArrayList<>();
		for (SessionClient client : result.sessions()) {
			if (client.nodeChanges() > 0) {
				clientsOnBothSides.add(client.number());
			}
			if (client.lowestSinceFloor() < client.floor()) {
				belowFloor.add(client.number() + ": " + client.lowestSinceFloor() + " < " + client.floor());
			}
			if (client.lostIncrements() > 0) {
				String loss = client.number() + ": " + client.lostIncrements();
				("pi2".equals(nodeAtCut.get(client.number())) ? lostOnMinority : lostOnMajority).add(loss);
			}
		}
		long minorityClients = nodeAtCut.values().stream().filter("pi2"::equals).count();
		System.out.printf("F9: minority during the split %s; %s; clients at the cut %s; served by both sides %s%n",
				minorityView, result.summary(), nodeAtCut, clientsOnBothSides);
		result.failures().forEach(System.out::println);
		ReliabilityReport.add(ReliabilityReport.Row
			.of(SCENARIO, result, result.p99(cut, healed), detect, recover, "min-size 0: pi2 alone stayed "
					+ minorityView.path("status").asText("?") + " and " + minorityStateDuringSplit
					+ " on the gateway; merged (pi2's MERGED) " + merged.toMillis()
					+ " ms after the heal; probes written on both sides, not requested until then: minority last -> "
					+ minorityWinsAfter + " (expected 5), majority last -> " + majorityWinsAfter
					+ " (expected 3); increments lost by clients on pi2 at the cut (" + minorityClients + ") "
					+ lostOnMinority + ", by the others " + lostOnMajority + "; clients served by both sides "
					+ clientsOnBothSides + "; increments acknowledged before the cut lost " + belowFloor));

		assertThat(minorityView.path("components").path("sessionCluster").path("details").path("members").asInt())
			.as("members pi2 saw while cut off")
			.isEqualTo(1);
		assertThat(minorityView.path("status").asText()).as("pi2's readiness while cut off (min-size 0)")
			.isEqualTo("UP");
		assertThat(minorityStateDuringSplit).as("pi2 on the gateway while cut off (min-size 0)")
			.isIn("up", "slow-start");
		assertThat(minorityWinsAfter).as("session written last on the minority, not requested during the merge")
			.isEqualTo(5);
		assertThat(majorityWinsAfter).as("session written last on the majority, not requested during the merge")
			.isEqualTo(3);
		assertThat(result.sessionsLost()).as("sessions lost (each has a copy on both sides)").isZero();
		// The minority's copies of the majority's clients are older than the majority's:
		// nothing can make them win.
		assertThat(lostOnMajority).as("increments lost by clients the majority served").isEmpty();
		// A minority client requesting during the merge goes back to the majority's copy,
		// which holds every increment acknowledged before the cut.
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

	/** Increment the session on one member, asserting that member answered. */
	private static void write(Gateway gateway, SessionClient client, String route, int times, String node)
			throws InterruptedException {
		for (int i = 0; i < times; i++) {
			client.cookie(ROUTE_COOKIE, route);
			Outcome outcome = client.increment(Load.HTTP, gateway.publicUri(), false, TIMEOUT);
			assertThat(outcome.answered()).as("write answered").isTrue();
			assertThat(client.lastNode()).as("node that answered the write").isEqualTo(node);
		}
	}

	/** Increment once more through a member; the count it answered. */
	private static int read(Gateway gateway, SessionClient client, String route) throws InterruptedException {
		client.cookie(ROUTE_COOKIE, route);
		Outcome outcome = client.increment(Load.HTTP, gateway.publicUri(), false, TIMEOUT);
		assertThat(outcome.answered()).as("read answered").isTrue();
		return client.acknowledged();
	}

}
