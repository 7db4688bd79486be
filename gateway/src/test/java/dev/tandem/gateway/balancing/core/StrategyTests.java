package dev.tandem.gateway.balancing.core;

import java.util.Random;

import dev.tandem.gateway.member.AdminState;

import org.junit.jupiter.api.Test;

import static dev.tandem.gateway.balancing.core.Harness.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StrategyTests {

	@Test
	void shouldNameEachStrategyByItsConfigurationName() {
		assertThat(Strategy.named("weighted-round-robin")).isSameAs(Strategy.weightedRoundRobin());
		assertThat(Strategy.named("least-busy")).isSameAs(Strategy.leastBusy());
		assertThat(Strategy.named("p2c-latency")).isSameAs(Strategy.p2cLatency());
		assertThat(Strategy.named("traffic")).isSameAs(Strategy.traffic());
		assertThat(Strategy.traffic().method()).isEqualTo("traffic");
	}

	@Test
	void shouldRejectAnUnknownStrategyName() {
		assertThatIllegalArgumentException().isThrownBy(() -> Strategy.named("random"))
			.withMessage("Unknown balancing method 'random'; use one of weighted-round-robin, least-busy, "
					+ "p2c-latency, traffic.");
		assertThatIllegalArgumentException().isThrownBy(() -> Strategy.named(null));
	}

	@Test
	void leastBusyShouldChooseTheMemberWithFewestInFlightRequests() {
		Harness harness = harness(Strategy.leastBusy(), new Random(1));
		start(harness, "b", 1);
		start(harness, "c", 1);

		assertThat(harness.choose().memberId()).isEqualTo("a");
	}

	@Test
	void leastBusyShouldScaleInFlightRequestsByWeight() {
		Harness harness = harness(Strategy.leastBusy(), new Random(1));
		start(harness, "a", 2);
		start(harness, "b", 2);
		start(harness, "c", 3);

		// Per unit of weight: a 2, b 2, c 1.5.
		assertThat(harness.choose().memberId()).isEqualTo("c");
	}

	@Test
	void leastBusyShouldBreakTiesWithTheRandomSource() {
		// Per unit of weight: a 2, b 1, c 1; the tie between b and c draws nextInt(2).
		Harness first = harness(Strategy.leastBusy(), new Harness.ScriptedRandom(1));
		Harness last = harness(Strategy.leastBusy(), new Harness.ScriptedRandom(0));
		for (Harness harness : new Harness[] { first, last }) {
			start(harness, "a", 2);
			start(harness, "b", 1);
			start(harness, "c", 2);
		}

		assertThat(first.choose().memberId()).isEqualTo("b");
		assertThat(last.choose().memberId()).isEqualTo("c");
		assertThat(harness(Strategy.leastBusy(), new Random(7)).counts(300)).containsOnlyKeys("a", "b", "c");
	}

	@Test
	void p2cShouldTakeTheFasterOfTheTwoMembersDrawn() {
		// Draws a (0 of 3) then b (0 of the 2 left, shifted past a).
		Harness harness = harness(Strategy.p2cLatency(), new Harness.ScriptedRandom(0, 0));
		answer(harness, "a", 5_000_000);
		answer(harness, "b", 1_000_000);
		answer(harness, "c", 10);

		assertThat(harness.choose().memberId()).isEqualTo("b");
	}

	@Test
	void p2cShouldPreferAMemberWithoutSampleOverASlowOne() {
		Harness harness = harness(Strategy.p2cLatency(), new Harness.ScriptedRandom(2, 0));
		answer(harness, "c", 5_000_000);

		assertThat(harness.choose().memberId()).isEqualTo("a");
	}

	@Test
	void p2cShouldWeighLatencyByInFlightRequests() {
		Harness harness = harness(Strategy.p2cLatency(), new Harness.ScriptedRandom(0, 0));
		answer(harness, "a", 1_000_000);
		answer(harness, "b", 5_000_000);
		start(harness, "a", 9);

		assertThat(harness.choose().memberId()).isEqualTo("b");
	}

	@Test
	void p2cShouldDrawOnlyAmongTheCandidatesOfThisRequest() {
		// b is excluded, so draws index a and c: c (1 of 2), then a (0 of the 1 left).
		Harness harness = harness(Strategy.p2cLatency(), new Harness.ScriptedRandom(1, 0));
		answer(harness, "a", 5_000_000);
		answer(harness, "b", 10);
		answer(harness, "c", 1_000_000);

		Choice choice = harness.balancer.choose(new RequestFacts(null, java.util.Set.of("b")));

		assertThat(choice.memberId()).isEqualTo("c");
	}

	@Test
	void p2cShouldTakeTheOnlyCandidateWithoutDrawing() {
		Harness harness = harness(Strategy.p2cLatency(), new Harness.ScriptedRandom());
		harness.balancer.healthChanged("a", false, "probe failed");
		harness.balancer.setAdminState("c", AdminState.DRAINING);

		assertThat(harness.choose().memberId()).isEqualTo("b");
	}

	@Test
	void p2cShouldAverageLatencyWithAQuarterWeightPerSample() {
		Harness harness = harness(Strategy.p2cLatency(), new Random(1));
		answer(harness, "a", 4_000);
		answer(harness, "a", 8_000);

		assertThat(harness.snapshotOf("a").ewmaLatencyNanos()).hasValue(5_000);
		assertThat(harness.snapshotOf("b").ewmaLatencyNanos()).isEmpty();
	}

	@Test
	void trafficShouldChooseTheMemberWithFewestBytesPerWeight() {
		Harness harness = harness(Strategy.traffic(), new Random(1));
		transfer(harness, "a", 3_000);
		transfer(harness, "b", 2_000);
		transfer(harness, "c", 5_000);

		// Per unit of weight: a 3000, b 2000, c 2500.
		assertThat(harness.choose().memberId()).isEqualTo("b");
		transfer(harness, "b", 2_000);
		assertThat(harness.choose().memberId()).isEqualTo("c");
	}

	private static Harness harness(Strategy strategy, java.util.random.RandomGenerator random) {
		return Harness.of(BalancingPolicy.of(strategy), random, member("a", 1, 0), member("b", 1, 0),
				member("c", 2, 0));
	}

	private static void start(Harness harness, String memberId, int times) {
		for (int i = 0; i < times; i++) {
			harness.balancer.requestStarted(memberId);
		}
	}

	private static void answer(Harness harness, String memberId, long latencyNanos) {
		harness.balancer.requestStarted(memberId);
		harness.balancer.requestFinished(memberId, latencyNanos, 100, Outcome.SUCCESS);
	}

	private static void transfer(Harness harness, String memberId, long bytes) {
		harness.balancer.requestStarted(memberId);
		harness.balancer.requestFinished(memberId, 1_000, bytes, Outcome.SUCCESS);
	}

}
