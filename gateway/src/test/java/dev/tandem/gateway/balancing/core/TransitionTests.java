package dev.tandem.gateway.balancing.core;

import java.time.Duration;
import java.util.List;

import dev.tandem.gateway.member.AdminState;

import org.junit.jupiter.api.Test;

import static dev.tandem.gateway.balancing.core.Harness.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class TransitionTests {

	private final Harness harness = Harness.roundRobin(member("was1", 2, 0), member("was2", 1, 0));

	@Test
	void shouldReportEachHealthChangeOnce() {
		this.harness.balancer.healthChanged("was1", false, "readiness returned 503");
		this.harness.balancer.healthChanged("was1", false, "readiness returned 503");
		this.harness.balancer.healthChanged("was1", true, null);
		this.harness.balancer.healthChanged("was1", true, null);

		assertThat(this.harness.transitions).containsExactly(
				new MemberTransition("was1", "up", "down", "readiness returned 503"),
				new MemberTransition("was1", "down", "up", "health check passed"));
	}

	@Test
	void shouldReportEachAdminChangeOnce() {
		this.harness.balancer.setAdminState("was1", AdminState.DRAINING);
		this.harness.balancer.setAdminState("was1", AdminState.DRAINING);
		this.harness.balancer.setAdminState("was1", AdminState.DISABLED);
		this.harness.balancer.setAdminState("was1", AdminState.ACTIVE);

		assertThat(this.harness.transitions).containsExactly(
				new MemberTransition("was1", "up", "draining", "admin state set to draining"),
				new MemberTransition("was1", "draining", "disabled", "admin state set to disabled"),
				new MemberTransition("was1", "disabled", "up", "admin state set to active"));
	}

	@Test
	void shouldReportEachWeightChangeOnceAndApplyIt() {
		this.harness.balancer.setWeight("was2", 5);
		this.harness.balancer.setWeight("was2", 5);
		this.harness.balancer.setWeight("was1", 0);

		assertThat(this.harness.transitions).containsExactly(new MemberTransition("was2", "up", "up", "weight 1 -> 5"),
				new MemberTransition("was1", "up", "idle", "weight 2 -> 0"));
		assertThat(this.harness.snapshotOf("was2").spec()).isEqualTo(member("was2", 5, 0));
		assertThat(this.harness.choose(3)).containsOnly("was2");
	}

	@Test
	void shouldIgnoreEventsForUnknownMembers() {
		assertThatNoException().isThrownBy(() -> {
			this.harness.balancer.healthChanged("gone", false, "probe failed");
			this.harness.balancer.setAdminState("gone", AdminState.DISABLED);
			this.harness.balancer.setWeight("gone", 3);
			this.harness.balancer.requestStarted("gone");
			this.harness.balancer.requestFinished("gone", 1, 1, Outcome.FAILURE, "reset");
			this.harness.balancer.requestStarted(null);
			this.harness.balancer.requestFinished(null, 1, 1, Outcome.SUCCESS);
		});

		assertThat(this.harness.transitions).isEmpty();
	}

	@Test
	void shouldRejectANegativeWeight() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.harness.balancer.setWeight("was1", -1));
	}

	@Test
	void shouldRejectDuplicateMemberIds() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Harness.roundRobin(member("was1", 1, 0), member("was1", 1, 1)))
			.withMessageContaining("'was1' is used twice");
	}

	@Test
	void shouldRejectInvalidMembersAndPolicies() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MemberSpec("was1", -1, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> new MemberSpec("was1", 1, -1));
		assertThatIllegalArgumentException().isThrownBy(() -> new MemberSpec(" ", 1, 0));
		assertThatIllegalArgumentException().isThrownBy(
				() -> new BalancingPolicy(Strategy.traffic(), false, Duration.ofSeconds(-1), false, 0, Duration.ZERO));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new BalancingPolicy(Strategy.traffic(), false, Duration.ZERO, false, -1, Duration.ZERO));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new BalancingPolicy(Strategy.traffic(), false, Duration.ZERO, false, 3, Duration.ZERO))
			.withMessage("Ejection time must be positive when passive ejection is on (3 failures before ejection).");
	}

	@Test
	void shouldDescribeEveryMemberInConfigurationOrder() {
		Harness harness = Harness.roundRobin(member("standby", 1, 1), member("was1", 2, 0));
		harness.balancer.requestStarted("was1");
		harness.balancer.requestStarted("was1");
		harness.balancer.requestFinished("was1", 3_000, 512, Outcome.FAILED_STATUS, "status 503");

		BalancerSnapshot snapshot = harness.balancer.snapshot();

		assertThat(snapshot.strategy()).isEqualTo("weighted-round-robin");
		assertThat(snapshot.servingTier()).isZero();
		assertThat(snapshot.members()).extracting((member) -> member.spec().id()).containsExactly("standby", "was1");
		BalancerSnapshot.Member was1 = snapshot.members().get(1);
		assertThat(was1.spec()).isEqualTo(member("was1", 2, 0));
		assertThat(was1.adminState()).isEqualTo(AdminState.ACTIVE);
		assertThat(was1.ready()).isTrue();
		assertThat(was1.ejected()).isFalse();
		assertThat(was1.ejectionRemaining()).isZero();
		assertThat(was1.effectiveWeight()).isEqualTo(2.0);
		assertThat(was1.inFlight()).isEqualTo(1);
		assertThat(was1.ewmaLatencyNanos()).hasValue(3_000);
		assertThat(was1.bytes()).isEqualTo(512);
		assertThat(was1.consecutiveFailures()).isEqualTo(1);
		assertThat(was1.state()).isEqualTo("up");
		assertThat(snapshot.members().get(0).ewmaLatencyNanos()).isEmpty();
		assertThat(snapshot.member("nope")).isEmpty();
	}

	@Test
	void shouldNeverCountInFlightBelowZero() {
		this.harness.balancer.requestFinished("was1", 1, 0, Outcome.SUCCESS);

		assertThat(this.harness.snapshotOf("was1").inFlight()).isZero();
		assertThat(List.of(this.harness.choose(), this.harness.choose())).extracting(Choice::memberId)
			.containsExactly("was1", "was2");
	}

}
