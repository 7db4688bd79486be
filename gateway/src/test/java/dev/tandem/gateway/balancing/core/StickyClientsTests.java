package dev.tandem.gateway.balancing.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static dev.tandem.gateway.balancing.core.Harness.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class StickyClientsTests {

	private static final Duration WINDOW = Duration.ofMinutes(6);

	private static final Duration PERIOD = WINDOW.dividedBy(StickyClients.PERIODS);

	private final Harness harness = Harness.of(
			BalancingPolicy.of(Strategy.weightedRoundRobin()).withStickyClientWindow(WINDOW), member("was1"),
			member("was2"));

	@Test
	void shouldCountNoClientBeforeTheFirst() {
		assertThat(this.harness.snapshotOf("was1").stickyClients()).isZero();
	}

	@Test
	void shouldCountAFewClientsExactly() {
		for (int repeat = 0; repeat < 20; repeat++) {
			for (long client = 1; client <= 5; client++) {
				this.harness.balancer.stickyClientSeen("was1", client);
			}
		}

		assertThat(this.harness.snapshotOf("was1").stickyClients()).isEqualTo(5);
		assertThat(this.harness.snapshotOf("was2").stickyClients()).isZero();
	}

	// The standard error is 3.3%: a fixed set of clients is asserted, not a random one.
	@Test
	void shouldEstimateTenThousandClientsWithinFivePercent() {
		for (long client = 0; client < 10_000; client++) {
			this.harness.balancer.stickyClientSeen("was1", client);
			this.harness.balancer.stickyClientSeen("was1", client);
		}

		assertThat(this.harness.snapshotOf("was1").stickyClients()).isCloseTo(10_000, within(500L));
	}

	@Test
	void shouldEstimateClientsKeyedByAddressesWithinFivePercent() {
		// IPv4 addresses of one /18, as ints: keys that differ in a few low bits only.
		int base = (10 << 24) | (1 << 16);
		for (int host = 0; host < 10_000; host++) {
			this.harness.balancer.stickyClientSeen("was1", base + host);
		}

		assertThat(this.harness.snapshotOf("was1").stickyClients()).isCloseTo(10_000, within(500L));
	}

	@Test
	void shouldCountAClientForTheWholeWindow() {
		this.harness.balancer.stickyClientSeen("was1", 42);

		this.harness.clock.advance(WINDOW);
		assertThat(this.harness.snapshotOf("was1").stickyClients()).isOne();

		this.harness.clock.advance(PERIOD);
		assertThat(this.harness.snapshotOf("was1").stickyClients()).isZero();
	}

	@Test
	void shouldDropTheClientsOfPeriodsThatLeftTheWindow() {
		for (long client = 0; client < 100; client++) {
			this.harness.balancer.stickyClientSeen("was1", client);
		}
		this.harness.clock.advance(PERIOD.multipliedBy(3));
		for (long client = 1000; client < 1030; client++) {
			this.harness.balancer.stickyClientSeen("was1", client);
		}
		// One of the first hundred comes back.
		this.harness.balancer.stickyClientSeen("was1", 7);
		// The merged sketch is exactly the sketch of the clients still in the window.
		assertThat(this.harness.snapshotOf("was1").stickyClients()).isEqualTo(estimateOf(0, 100, 1000, 1030));

		this.harness.clock.advance(PERIOD.multipliedBy(4));
		assertThat(this.harness.snapshotOf("was1").stickyClients()).isEqualTo(estimateOf(7, 8, 1000, 1030));

		// The registers of a period that left are taken over by the new one.
		this.harness.clock.advance(PERIOD.multipliedBy(4));
		this.harness.balancer.stickyClientSeen("was1", 5000);
		assertThat(this.harness.snapshotOf("was1").stickyClients()).isOne();
	}

	@Test
	void shouldEstimateZeroFromEmptyRegisters() {
		assertThat(StickyClients.estimate(new int[1024])).isZero();
	}

	@Test
	void shouldMixNearbyKeysApart() {
		assertThat(StickyClients.mix(1)).isNotEqualTo(StickyClients.mix(2));
		assertThat(Long.bitCount(StickyClients.mix(1) ^ StickyClients.mix(2))).isBetween(16, 48);
	}

	@Test
	void shouldRefuseAnEmptyWindow() {
		BalancingPolicy policy = BalancingPolicy.of(Strategy.weightedRoundRobin());
		assertThatIllegalArgumentException().isThrownBy(() -> policy.withStickyClientWindow(Duration.ZERO))
			.withMessageContaining("sticky-client window");
		assertThat(policy.stickyClientWindow()).isEqualTo(Duration.ofMinutes(30));
	}

	/** The estimate of a sketch of one period that saw the clients of two ranges. */
	private static long estimateOf(long from, long to, long otherFrom, long otherTo) {
		StickyClients sketch = new StickyClients(0, WINDOW.toNanos());
		for (long client = from; client < to; client++) {
			sketch.add(0, client);
		}
		for (long client = otherFrom; client < otherTo; client++) {
			sketch.add(0, client);
		}
		return sketch.estimate(0);
	}

}
