package dev.tandem.gateway.balancing.core;

import java.time.Duration;
import java.util.Map;

import dev.tandem.gateway.member.AdminState;

import org.junit.jupiter.api.Test;

import static dev.tandem.gateway.balancing.core.Harness.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SlowStartTests {

	private static final Duration RAMP = Duration.ofSeconds(100);

	private final Harness harness = Harness.of(policy(RAMP), member("steady", 1, 0), member("back", 1, 0));

	@Test
	void shouldNotRampMembersUsableFromTheStart() {
		assertThat(this.harness.snapshotOf("back").effectiveWeight()).isEqualTo(1.0);
		assertThat(this.harness.snapshotOf("back").state()).isEqualTo("up");
	}

	@Test
	void shouldRampAReturningMemberFromTenPercentToFullWeight() {
		Harness heavy = Harness.of(policy(RAMP), member("back", 4, 0));
		heavy.balancer.healthChanged("back", false, "probe failed");
		heavy.balancer.healthChanged("back", true, "probe passed");

		assertThat(heavy.snapshotOf("back").effectiveWeight()).isCloseTo(0.4, within(1e-9));
		assertThat(heavy.snapshotOf("back").state()).isEqualTo("slow-start");
		heavy.clock.advance(RAMP.dividedBy(2));
		assertThat(heavy.snapshotOf("back").effectiveWeight()).isCloseTo(2.2, within(1e-9));
		heavy.clock.advance(RAMP.dividedBy(2));
		assertThat(heavy.snapshotOf("back").effectiveWeight()).isEqualTo(4.0);
		assertThat(heavy.snapshotOf("back").state()).isEqualTo("up");
	}

	@Test
	void shouldGrowTheReturningMembersShareOfRoundRobin() {
		this.harness.balancer.healthChanged("back", false, "probe failed");
		this.harness.balancer.healthChanged("back", true, "probe passed");

		Map<String, Integer> atStart = this.harness.counts(110);
		this.harness.clock.advance(RAMP.dividedBy(2));
		Map<String, Integer> halfway = this.harness.counts(155);
		this.harness.clock.advance(RAMP.dividedBy(2));
		Map<String, Integer> atEnd = this.harness.counts(100);

		// Effective weights 0.1, 0.55 and 1 against 1: shares of 1/11, 55/155 and 1/2.
		assertThat(atStart.get("back")).isBetween(9, 11);
		assertThat(halfway.get("back")).isBetween(54, 56);
		assertThat(atEnd.get("back")).isEqualTo(50);
	}

	@Test
	void shouldRampAMemberBackFromEjectionFromItsDeadline() {
		Harness ejecting = Harness.of(
				new BalancingPolicy(Strategy.weightedRoundRobin(), false, RAMP, false, 1, Duration.ofSeconds(10)),
				member("back", 1, 0));
		ejecting.fail("back", 1);

		ejecting.clock.advance(Duration.ofSeconds(10).plus(RAMP.dividedBy(2)));

		assertThat(ejecting.snapshotOf("back").effectiveWeight()).isCloseTo(0.55, within(1e-9));
	}

	@Test
	void shouldRampAMemberAnOperatorSetBackToActive() {
		this.harness.balancer.setAdminState("back", AdminState.DRAINING);
		this.harness.clock.advance(Duration.ofMinutes(5));
		this.harness.balancer.setAdminState("back", AdminState.ACTIVE);

		assertThat(this.harness.snapshotOf("back").effectiveWeight()).isCloseTo(0.1, within(1e-9));
	}

	@Test
	void shouldGiveFullWeightAtOnceWhenSlowStartIsOff() {
		Harness off = Harness.of(policy(Duration.ZERO), member("back", 3, 0));
		off.balancer.healthChanged("back", false, "probe failed");
		off.balancer.healthChanged("back", true, "probe passed");

		assertThat(off.snapshotOf("back").effectiveWeight()).isEqualTo(3.0);
		assertThat(off.snapshotOf("back").state()).isEqualTo("up");
	}

	private static BalancingPolicy policy(Duration slowStart) {
		return new BalancingPolicy(Strategy.weightedRoundRobin(), false, slowStart, false, 0, Duration.ZERO);
	}

}
