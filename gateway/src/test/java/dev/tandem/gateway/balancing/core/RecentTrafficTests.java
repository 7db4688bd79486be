package dev.tandem.gateway.balancing.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static dev.tandem.gateway.balancing.core.Harness.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class RecentTrafficTests {

	private static final Duration HALF_SECOND = Duration.ofMillis(500);

	private final Harness harness = Harness.roundRobin(member("was1"), member("was2"));

	@Test
	void shouldAverageTheAttemptsOfTheLastMinute() {
		for (int i = 0; i < 120; i++) {
			answer("was1", 1_000_000);
			this.harness.clock.advance(HALF_SECOND);
		}

		BalancerSnapshot.Member was1 = this.harness.snapshotOf("was1");
		assertThat(was1.requestsPerSecond()).isEqualTo(2.0);
		assertThat(was1.errorsPerSecond()).isZero();
		assertThat(this.harness.snapshotOf("was2").requestsPerSecond()).isZero();
	}

	@Test
	void shouldLeaveOutTheSecondsOlderThanAMinute() {
		for (int i = 0; i < 120; i++) {
			answer("was1", 1_000_000);
			this.harness.clock.advance(HALF_SECOND);
		}

		// Seconds 30 to 89 now: the last 30 of the 60 seconds with traffic.
		this.harness.clock.advance(Duration.ofSeconds(30));
		assertThat(this.harness.snapshotOf("was1").requestsPerSecond()).isEqualTo(1.0);

		this.harness.clock.advance(Duration.ofSeconds(30));
		BalancerSnapshot.Member was1 = this.harness.snapshotOf("was1");
		assertThat(was1.requestsPerSecond()).isZero();
		assertThat(was1.latencyP50Millis()).isEmpty();
	}

	@Test
	void shouldCountInTheSlotOfTheCurrentSecondAgainAfterAMinute() {
		answer("was1", 1_000_000);
		this.harness.clock.advance(Duration.ofSeconds(60));
		answer("was1", 1_000_000);
		answer("was1", 1_000_000);

		// Seconds 1 to 60: the slot of second 0, taken over by second 60, holds 2.
		this.harness.clock.advance(Duration.ofSeconds(1));
		assertThat(this.harness.snapshotOf("was1").requestsPerSecond()).isEqualTo(2 / 60.0);
	}

	@Test
	void shouldAverageAYoungMemberOverTheSecondsSinceItWasAdded() {
		for (int i = 0; i < 10; i++) {
			answer("was1", 1_000_000);
			this.harness.clock.advance(HALF_SECOND);
		}

		assertThat(this.harness.snapshotOf("was1").requestsPerSecond()).isEqualTo(2.0);
	}

	@Test
	void shouldLeaveOutTheSecondNotCompletedYet() {
		answer("was1", 1_000_000);
		assertThat(this.harness.snapshotOf("was1").requestsPerSecond()).isZero();
		assertThat(this.harness.snapshotOf("was1").latencyP50Millis()).isEmpty();

		this.harness.clock.advance(Duration.ofSeconds(1));
		assertThat(this.harness.snapshotOf("was1").requestsPerSecond()).isEqualTo(1.0);
	}

	@Test
	void shouldAverageAShorterWindowOverItsOwnSeconds() {
		this.harness.clock.advance(Duration.ofSeconds(30));
		for (int second = 0; second < 3; second++) {
			for (int i = 0; i < 4; i++) {
				answer("was1", 1_000_000);
			}
			this.harness.clock.advance(Duration.ofSeconds(1));
		}

		BalancerSnapshot.Member was1 = this.harness.balancer.snapshot(5).member("was1").orElseThrow();
		assertThat(was1.requestsPerSecond()).isEqualTo(12 / 5.0);
		assertThat(was1.latencyP50Millis()).hasValue(1.024);
		assertThat(this.harness.snapshotOf("was1").requestsPerSecond()).isEqualTo(12 / 33.0);
	}

	@Test
	void shouldLeaveOutOfAShortWindowTheSecondsBeforeIt() {
		this.harness.clock.advance(Duration.ofSeconds(30));
		answer("was1", 1_000_000);
		finish("was1", Outcome.CONNECT_FAILURE, 1_000_000);
		this.harness.clock.advance(Duration.ofSeconds(20));

		BalancerSnapshot.Member was1 = this.harness.balancer.snapshot(5).member("was1").orElseThrow();
		assertThat(was1.requestsPerSecond()).isZero();
		assertThat(was1.errorsPerSecond()).isZero();
		assertThat(was1.latencyP99Millis()).isEmpty();
		assertThat(this.harness.snapshotOf("was1").errorsPerSecond()).isEqualTo(1 / 50.0);
	}

	@Test
	void shouldAverageAWindowLongerThanTheMembersLifeOverItsLife() {
		answer("was1", 1_000_000);
		answer("was1", 1_000_000);
		this.harness.clock.advance(Duration.ofSeconds(2));

		assertThat(this.harness.balancer.snapshot(5).member("was1").orElseThrow().requestsPerSecond()).isEqualTo(1.0);
	}

	@Test
	void shouldRefuseAWindowOutsideTheMinute() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.harness.balancer.snapshot(0));
		assertThatIllegalArgumentException().isThrownBy(() -> this.harness.balancer.snapshot(61));
	}

	@Test
	void shouldCountEveryFailureAsAnErrorAndNoAbandonedAttempt() {
		for (int i = 0; i < 45; i++) {
			answer("was1", 1_000_000);
		}
		finish("was1", Outcome.FAILED_STATUS, 1_000_000);
		finish("was1", Outcome.CONNECT_FAILURE, 1_000_000);
		finish("was1", Outcome.FAILURE, 1_000_000);
		finish("was1", Outcome.ABANDONED, 1_000_000);

		this.harness.clock.advance(Duration.ofSeconds(60));
		BalancerSnapshot.Member was1 = this.harness.snapshotOf("was1");
		assertThat(was1.requestsPerSecond()).isEqualTo(48 / 60.0);
		assertThat(was1.errorsPerSecond()).isEqualTo(3 / 60.0);
	}

	@Test
	void shouldReportPercentilesAsTheUpperBoundOfTheirBucket() {
		// 1 to 100 ms: the 50th is in [49.152, 65.536) ms, the 99th in [98.304, 131.072).
		for (int millis = 1; millis <= 100; millis++) {
			answer("was1", millis * 1_000_000L);
		}
		this.harness.clock.advance(Duration.ofSeconds(1));

		BalancerSnapshot.Member was1 = this.harness.snapshotOf("was1");
		assertThat(was1.latencyP50Millis()).hasValue(65.536);
		assertThat(was1.latencyP99Millis()).hasValue(131.072);
	}

	@Test
	void shouldFindASlowTailInTheNinetyNinthPercentileOnly() {
		for (int i = 0; i < 90; i++) {
			answer("was1", 1_000_000);
		}
		for (int i = 0; i < 10; i++) {
			answer("was1", 300_000_000);
		}
		// Only answers have a latency that says how fast the member serves.
		for (int i = 0; i < 100; i++) {
			finish("was1", Outcome.CONNECT_FAILURE, 20_000_000_000L);
		}
		this.harness.clock.advance(Duration.ofSeconds(1));

		BalancerSnapshot.Member was1 = this.harness.snapshotOf("was1");
		// 1 ms is in [0.768, 1.024) ms, 300 ms in [262.144, 393.216).
		assertThat(was1.latencyP50Millis()).hasValue(1.024);
		assertThat(was1.latencyP99Millis()).hasValue(393.216);
	}

	@Test
	void shouldCountAFailedStatusAnswerInTheLatencies() {
		finish("was1", Outcome.FAILED_STATUS, 5_000_000);
		this.harness.clock.advance(Duration.ofSeconds(1));

		assertThat(this.harness.snapshotOf("was1").latencyP99Millis()).hasValue(6.144);
	}

	@Test
	void shouldLoseNoAttemptOfConcurrentWriters() throws InterruptedException {
		int threads = 4;
		int perThread = 25_000;
		long origin = 7_000_000_000L;
		// Every reading of the clock is the next tick: 2,000 ticks a second, so the
		// writers keep taking over the cells of a new second from each other.
		AtomicLong ticks = new AtomicLong();
		AtomicLong frozen = new AtomicLong(-1);
		Balancer balancer = new Balancer(List.of(member("was1")), BalancingPolicy.of(Strategy.weightedRoundRobin()),
				() -> (frozen.get() >= 0) ? frozen.get() : origin + ticks.getAndIncrement() * 500_000L, new Random(42),
				(transition) -> {
				});
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> writers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			Thread writer = new Thread(() -> {
				awaitQuietly(start);
				for (int i = 0; i < perThread; i++) {
					balancer.requestStarted("was1");
					balancer.requestFinished("was1", 1_000_000L * (1 + i % 7), 0, Outcome.SUCCESS);
				}
			});
			writer.start();
			writers.add(writer);
		}
		start.countDown();
		for (Thread writer : writers) {
			writer.join();
		}
		long total = (long) threads * perThread;
		// The constructor read tick 0; the writers read ticks 1 to total, in 51 seconds.
		frozen.set(origin + 51_000_000_000L);

		BalancerSnapshot.Member was1 = balancer.snapshot().member("was1").orElseThrow();
		assertThat(was1.requestsPerSecond() * 51).isCloseTo(total, within(1e-6));
		assertThat(was1.inFlight()).isZero();
	}

	@Test
	void shouldCountIntoOneBucketPerHalfOctave() {
		assertThat(LatencyBuckets.index(0)).isZero();
		assertThat(LatencyBuckets.index(-5)).isZero();
		assertThat(LatencyBuckets.index(127_999)).isZero();
		assertThat(LatencyBuckets.index(128_000)).isOne();
		assertThat(LatencyBuckets.index(191_999)).isOne();
		assertThat(LatencyBuckets.index(192_000)).isEqualTo(2);
		assertThat(LatencyBuckets.index(256_000)).isEqualTo(3);
		assertThat(LatencyBuckets.index(60_000_000_000L)).isEqualTo(LatencyBuckets.COUNT - 2);
		assertThat(LatencyBuckets.index(67_108_864_000L)).isEqualTo(LatencyBuckets.COUNT - 1);
		assertThat(LatencyBuckets.index(Long.MAX_VALUE)).isEqualTo(LatencyBuckets.COUNT - 1);
		assertThat(LatencyBuckets.boundMicros(0)).isEqualTo(128);
		assertThat(LatencyBuckets.boundMicros(LatencyBuckets.COUNT - 1)).isEqualTo(1L << 26);
	}

	@Test
	void shouldBoundEveryLatencyWithinHalfOfItself() {
		for (long micros = 128; micros < (1L << 26); micros += 1 + micros / 97) {
			long bound = LatencyBuckets.boundMicros(LatencyBuckets.index(micros * 1000));
			assertThat(bound).as("bound of %d us", micros)
				.isGreaterThan(micros)
				.isLessThanOrEqualTo(micros * 3 / 2 + 1);
		}
		// The last bucket has no upper bound: it reports the bound below it, 67.1 s.
		for (int index = 1; index < LatencyBuckets.COUNT - 1; index++) {
			assertThat(LatencyBuckets.boundMicros(index)).isGreaterThan(LatencyBuckets.boundMicros(index - 1));
		}
	}

	private void answer(String memberId, long latencyNanos) {
		finish(memberId, Outcome.SUCCESS, latencyNanos);
	}

	private void finish(String memberId, Outcome outcome, long latencyNanos) {
		this.harness.balancer.requestStarted(memberId);
		this.harness.balancer.requestFinished(memberId, latencyNanos, 0, outcome, null);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
