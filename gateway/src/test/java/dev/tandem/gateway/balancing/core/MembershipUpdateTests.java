package dev.tandem.gateway.balancing.core;

import java.time.Duration;
import java.util.List;

import dev.tandem.gateway.member.AdminState;
import org.junit.jupiter.api.Test;

import static dev.tandem.gateway.balancing.core.Harness.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MembershipUpdateTests {

	private final Harness harness = Harness.roundRobin(member("was1"), member("was2"));

	@Test
	void shouldChooseAnAddedMemberAndReportIt() {
		this.harness.balancer.update(List.of(member("was1"), member("was2"), member("was4")));

		assertThat(this.harness.counts(30)).containsOnly(entry("was1", 10), entry("was2", 10), entry("was4", 10));
		assertThat(this.harness.transitions)
			.containsExactly(new MemberTransition("was4", "absent", "up", "added to the members"));
	}

	@Test
	void shouldNeverChooseARemovedMemberNorKeepItsStickyClients() {
		this.harness.balancer.update(List.of(member("was1")));

		assertThat(this.harness.choose(10)).containsOnly("was1");
		assertThat(this.harness.chooseSticky("was2").memberId()).isEqualTo("was1");
		assertThat(this.harness.balancer.snapshot().member("was2")).isEmpty();
		assertThat(this.harness.transitions)
			.containsExactly(new MemberTransition("was2", "up", "absent", "removed from the members"));
	}

	@Test
	void shouldIgnoreAttemptsThatEndAtARemovedMember() {
		this.harness.balancer.requestStarted("was2");
		this.harness.balancer.update(List.of(member("was1")));

		this.harness.fail("was2", 5);

		assertThat(this.harness.balancer.snapshot().members()).extracting((member) -> member.spec().id())
			.containsExactly("was1");
	}

	@Test
	void shouldKeepHealthEjectionAndCountersOfMembersThatStay() {
		Harness ejecting = Harness.of(new BalancingPolicy(Strategy.weightedRoundRobin(), false, Duration.ZERO, false, 2,
				Duration.ofSeconds(30)), member("was1"), member("was2"), member("was3"));
		ejecting.balancer.healthChanged("was1", false, "503");
		ejecting.fail("was2", 2);
		ejecting.balancer.requestStarted("was3");

		ejecting.balancer.update(List.of(member("was3"), member("was2"), member("was1")));

		assertThat(ejecting.snapshotOf("was1").ready()).isFalse();
		assertThat(ejecting.snapshotOf("was2").ejected()).isTrue();
		assertThat(ejecting.snapshotOf("was3").inFlight()).isEqualTo(1);
		assertThat(ejecting.choose(4)).containsOnly("was3");
		assertThat(ejecting.balancer.snapshot().members()).extracting((member) -> member.spec().id())
			.containsExactly("was3", "was2", "was1");
	}

	@Test
	void shouldStartTheCountersOfAMemberAddedAgainAfresh() {
		for (int i = 0; i < 10; i++) {
			this.harness.succeed("was2");
			this.harness.balancer.stickyClientSeen("was2", i);
		}
		this.harness.clock.advance(Duration.ofSeconds(1));
		assertThat(this.harness.snapshotOf("was2").requestsPerSecond()).isEqualTo(10.0);
		assertThat(this.harness.snapshotOf("was2").stickyClients()).isEqualTo(10);

		this.harness.balancer.update(List.of(member("was1")));
		this.harness.balancer.update(List.of(member("was1"), member("was2")));
		this.harness.clock.advance(Duration.ofSeconds(1));

		BalancerSnapshot.Member was2 = this.harness.snapshotOf("was2");
		assertThat(was2.requestsPerSecond()).isZero();
		assertThat(was2.latencyP50Millis()).isEmpty();
		assertThat(was2.stickyClients()).isZero();
		assertThat(was2.bytes()).isZero();
	}

	@Test
	void shouldKeepTheRecentTrafficOfAMemberThatStays() {
		this.harness.succeed("was1");
		this.harness.balancer.stickyClientSeen("was1", 1);

		this.harness.balancer.update(List.of(member("was1", 3, 0), member("was3")));
		this.harness.clock.advance(Duration.ofSeconds(1));

		assertThat(this.harness.snapshotOf("was1").requestsPerSecond()).isEqualTo(1.0);
		assertThat(this.harness.snapshotOf("was1").stickyClients()).isOne();
	}

	@Test
	void shouldApplyAChangedWeightTierAndAdminStateWithOneTransitionEach() {
		this.harness.balancer.update(List.of(new MemberSpec("was1", 3, 0, AdminState.DRAINING),
				new MemberSpec("was2", 1, 1, AdminState.ACTIVE)));

		assertThat(this.harness.transitions).containsExactly(
				new MemberTransition("was1", "up", "draining", "weight 1 -> 3, admin state set to draining"),
				new MemberTransition("was2", "up", "up", "tier 0 -> 1"));
		// was1 takes no new clients, so the standby tier serves; was1 keeps its sticky
		// ones only while its tier is not above the serving one.
		assertThat(this.harness.choose(3)).containsOnly("was2");
		assertThat(this.harness.balancer.snapshot().servingTier()).isEqualTo(1);
	}

	@Test
	void shouldMoveAMemberBetweenTiers() {
		Harness tiers = Harness.roundRobin(member("was1", 1, 0), member("was3", 1, 1));

		tiers.balancer.update(List.of(member("was1", 1, 1), member("was3", 1, 0)));

		assertThat(tiers.choose(3)).containsOnly("was3");
		assertThat(tiers.balancer.snapshot().members()).extracting((member) -> member.spec().id())
			.containsExactly("was1", "was3");
	}

	@Test
	void shouldRampAnAddedMemberWithSlowStart() {
		Harness slow = Harness.of(new BalancingPolicy(Strategy.weightedRoundRobin(), false, Duration.ofSeconds(10),
				false, 0, Duration.ZERO), member("was1"));

		slow.balancer.update(List.of(member("was1"), member("was2")));

		assertThat(slow.snapshotOf("was2").state()).isEqualTo("slow-start");
		assertThat(slow.snapshotOf("was2").effectiveWeight()).isEqualTo(0.1);
		slow.clock.advance(Duration.ofSeconds(10));
		assertThat(slow.snapshotOf("was2").state()).isEqualTo("up");
	}

	@Test
	void shouldStartAMemberInItsConfiguredAdminState() {
		Harness disabled = Harness.roundRobin(member("was1"), new MemberSpec("was2", 1, 0, AdminState.DISABLED));

		assertThat(disabled.snapshotOf("was2").state()).isEqualTo("disabled");
		assertThat(disabled.choose(4)).containsOnly("was1");
	}

	@Test
	void shouldRefuseDuplicateIdsAndKeepTheMembers() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.harness.balancer.update(List.of(member("was1"), member("was1"))))
			.withMessageContaining("'was1' is used twice");
		assertThat(this.harness.counts(4)).containsOnly(entry("was1", 2), entry("was2", 2));
	}

	private static java.util.Map.Entry<String, Integer> entry(String id, int count) {
		return java.util.Map.entry(id, count);
	}

}
