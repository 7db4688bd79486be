package dev.tandem.gateway.balancing.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static dev.tandem.gateway.balancing.core.Harness.member;
import static org.assertj.core.api.Assertions.assertThat;

class EjectionTests {

	private static final Duration EJECTION = Duration.ofSeconds(10);

	private final Harness harness = Harness.of(policy(3), member("was1"), member("was2"));

	@Test
	void shouldEjectAMemberAfterTheConfiguredConsecutiveFailures() {
		this.harness.fail("was1", 2);
		assertThat(this.harness.choose(4)).contains("was1");

		this.harness.fail("was1", 1);

		assertThat(this.harness.choose(4)).containsOnly("was2");
		BalancerSnapshot.Member was1 = this.harness.snapshotOf("was1");
		assertThat(was1.ejected()).isTrue();
		assertThat(was1.state()).isEqualTo("ejected");
		assertThat(was1.ejectionRemaining()).isEqualTo(EJECTION);
		assertThat(this.harness.transitions).containsExactly(new MemberTransition("was1", "up", "ejected",
				"3 consecutive failures, last: connect refused; ejected for 10s"));
	}

	@Test
	void shouldCountEveryKindOfFailure() {
		this.harness.balancer.requestFinished("was1", 1_000, 0, Outcome.CONNECT_FAILURE);
		this.harness.balancer.requestFinished("was1", 1_000, 0, Outcome.FAILURE);
		this.harness.balancer.requestFinished("was1", 1_000, 0, Outcome.FAILED_STATUS, "status 503");

		assertThat(this.harness.snapshotOf("was1").ejected()).isTrue();
		assertThat(this.harness.transitions).singleElement()
			.extracting(MemberTransition::reason)
			.asString()
			.startsWith("3 consecutive failures, last: status 503");
	}

	@Test
	void shouldResetTheFailureCountOnSuccess() {
		this.harness.fail("was1", 2);
		this.harness.succeed("was1");
		this.harness.fail("was1", 2);

		assertThat(this.harness.snapshotOf("was1").ejected()).isFalse();
		assertThat(this.harness.snapshotOf("was1").consecutiveFailures()).isEqualTo(2);
	}

	@Test
	void shouldOnlyReleaseTheInFlightCountWhenAnAttemptIsAbandoned() {
		this.harness.fail("was1", 2);
		this.harness.balancer.requestStarted("was1");
		this.harness.balancer.requestFinished("was1", 1_000, 500, Outcome.ABANDONED);

		BalancerSnapshot.Member was1 = this.harness.snapshotOf("was1");
		assertThat(was1.inFlight()).isZero();
		assertThat(was1.consecutiveFailures()).isEqualTo(2);
		assertThat(was1.bytes()).isZero();
		assertThat(was1.ejected()).isFalse();
	}

	@Test
	void shouldReturnTheMemberAfterTheEjectionTimeAndReportItOnce() {
		this.harness.fail("was1", 3);
		this.harness.clock.advance(EJECTION.minusNanos(1));
		assertThat(this.harness.choose(2)).containsOnly("was2");

		this.harness.clock.advance(Duration.ofNanos(1));

		assertThat(this.harness.choose(4)).containsExactly("was1", "was2", "was1", "was2");
		this.harness.balancer.snapshot();
		assertThat(this.harness.transitions).extracting(MemberTransition::to).containsExactly("ejected", "up");
		assertThat(this.harness.transitions.get(1))
			.isEqualTo(new MemberTransition("was1", "ejected", "up", "ejection of 10s over"));
	}

	@Test
	void shouldNeedAFreshRunOfFailuresAfterReturning() {
		this.harness.fail("was1", 3);
		this.harness.clock.advance(EJECTION);

		this.harness.fail("was1", 2);

		assertThat(this.harness.snapshotOf("was1").ejected()).isFalse();
	}

	@Test
	void shouldNotExtendAnEjectionWithFailuresOfRequestsSentBefore() {
		this.harness.fail("was1", 3);
		this.harness.clock.advance(Duration.ofSeconds(5));
		this.harness.fail("was1", 6);

		this.harness.clock.advance(Duration.ofSeconds(5));

		assertThat(this.harness.snapshotOf("was1").ejected()).isFalse();
		assertThat(this.harness.transitions).extracting(MemberTransition::to).containsExactly("ejected", "up");
	}

	@Test
	void shouldNeverEjectWhenPassiveEjectionIsOff() {
		Harness off = Harness.of(policy(0), member("was1"), member("was2"));

		off.fail("was1", 50);

		assertThat(off.snapshotOf("was1").ejected()).isFalse();
		assertThat(off.transitions).isEmpty();
	}

	@Test
	void shouldReportAnEjectionEndingOnAMemberThatIsDownAsStillDown() {
		this.harness.fail("was1", 3);
		this.harness.balancer.healthChanged("was1", false, "probe failed");
		this.harness.clock.advance(EJECTION);

		this.harness.choose();

		assertThat(this.harness.transitions).extracting(MemberTransition::to)
			.containsExactly("ejected", "down", "down");
		assertThat(this.harness.choose(3)).containsOnly("was2");
	}

	@Test
	void shouldEndAnEjectionWhenAnOperatorRecoversTheMember() {
		this.harness.fail("was1", 3);
		this.harness.clock.advance(Duration.ofSeconds(2));

		assertThat(this.harness.balancer.recover("was1")).isTrue();

		BalancerSnapshot.Member was1 = this.harness.snapshotOf("was1");
		assertThat(was1.ejected()).isFalse();
		assertThat(was1.ejectionRemaining()).isZero();
		assertThat(was1.consecutiveFailures()).isZero();
		assertThat(this.harness.choose(4)).containsExactly("was1", "was2", "was1", "was2");
		assertThat(this.harness.transitions).hasSize(2)
			.last()
			.isEqualTo(new MemberTransition("was1", "ejected", "up", "recovered by operator"));
		// Its old deadline passing later ends nothing.
		this.harness.clock.advance(EJECTION);
		this.harness.choose();
		assertThat(this.harness.transitions).hasSize(2);
	}

	@Test
	void shouldResetTheFailuresOfAMemberNotEjectedWithoutATransition() {
		this.harness.fail("was1", 2);

		assertThat(this.harness.balancer.recover("was1")).isTrue();
		this.harness.fail("was1", 2);

		assertThat(this.harness.snapshotOf("was1").ejected()).isFalse();
		assertThat(this.harness.snapshotOf("was1").consecutiveFailures()).isEqualTo(2);
		assertThat(this.harness.transitions).isEmpty();
	}

	@Test
	void shouldRecoverNoUnknownMember() {
		assertThat(this.harness.balancer.recover("was9")).isFalse();
		assertThat(this.harness.transitions).isEmpty();
	}

	@Test
	void shouldRampARecoveredMemberUpWithSlowStartOn() {
		Harness slow = Harness.of(
				new BalancingPolicy(Strategy.weightedRoundRobin(), false, Duration.ofSeconds(20), false, 1, EJECTION),
				member("was1"), member("was2"));
		slow.fail("was1", 1);

		slow.balancer.recover("was1");

		assertThat(slow.snapshotOf("was1").state()).isEqualTo("slow-start");
		assertThat(slow.snapshotOf("was1").effectiveWeight()).isEqualTo(0.1);
	}

	private static BalancingPolicy policy(int failures) {
		return new BalancingPolicy(Strategy.weightedRoundRobin(), false, Duration.ZERO, false, failures, EJECTION);
	}

}
