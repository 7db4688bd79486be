package dev.tandem.gateway.balancing.core;

import java.time.Duration;
import java.util.Set;

import dev.tandem.gateway.member.AdminState;

import org.junit.jupiter.api.Test;

import static dev.tandem.gateway.balancing.core.Harness.member;
import static org.assertj.core.api.Assertions.assertThat;

class AffinityTests {

	private static final MemberSpec[] MEMBERS = { member("was1", 1, 0), member("was2", 1, 0), member("standby", 1, 1) };

	private final Harness harness = Harness.of(policy(false), MEMBERS);

	private final Harness strict = Harness.of(policy(true), MEMBERS);

	@Test
	void shouldKeepAStickyClientOnItsUsableActive() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.harness.chooseSticky("was2")).isEqualTo(new Choice("was2", Choice.Kind.STICKY));
		}
	}

	@Test
	void shouldKeepStickyClientsOfADrainingMemberButSendItNoNewOnes() {
		this.harness.balancer.setAdminState("was1", AdminState.DRAINING);

		assertThat(this.harness.chooseSticky("was1")).isEqualTo(new Choice("was1", Choice.Kind.STICKY));
		assertThat(this.harness.choose(4)).containsOnly("was2");
	}

	@Test
	void shouldKeepStickyClientsOfTheLastDrainingMemberWhenNoneTakesNewClients() {
		this.harness.balancer.setAdminState("was1", AdminState.DRAINING);
		this.harness.balancer.healthChanged("was2", false, "probe failed");
		this.harness.balancer.healthChanged("standby", false, "probe failed");

		assertThat(this.harness.chooseSticky("was1").kind()).isEqualTo(Choice.Kind.STICKY);
	}

	@Test
	void shouldKeepStickyClientsOfAMemberWeightedZero() {
		this.harness.balancer.setWeight("was1", 0);

		assertThat(this.harness.chooseSticky("was1").kind()).isEqualTo(Choice.Kind.STICKY);
	}

	@Test
	void shouldMoveStickyClientsOfADisabledMember() {
		this.harness.balancer.setAdminState("was1", AdminState.DISABLED);

		assertThat(this.harness.chooseSticky("was1")).isEqualTo(new Choice("was2", Choice.Kind.BALANCED));
	}

	@Test
	void shouldMoveStickyClientsOfAMemberThatIsNotReady() {
		this.harness.balancer.healthChanged("was1", false, "readiness reports not ready");

		assertThat(this.harness.chooseSticky("was1")).isEqualTo(new Choice("was2", Choice.Kind.BALANCED));
	}

	@Test
	void shouldMoveStickyClientsOfAnEjectedMember() {
		this.harness.fail("was1", 2);

		assertThat(this.harness.chooseSticky("was1")).isEqualTo(new Choice("was2", Choice.Kind.BALANCED));
	}

	@Test
	void shouldMoveAClientPinnedToTheStandbyBackOnceAnActiveIsUsable() {
		this.harness.balancer.healthChanged("was1", false, "probe failed");
		this.harness.balancer.healthChanged("was2", false, "probe failed");
		assertThat(this.harness.chooseSticky("standby").kind()).isEqualTo(Choice.Kind.STICKY);

		this.harness.balancer.healthChanged("was1", true, "probe passed");

		assertThat(this.harness.chooseSticky("standby")).isEqualTo(new Choice("was1", Choice.Kind.BALANCED));
	}

	@Test
	void shouldTreatAnUnknownOrForgedMemberAsNoAffinity() {
		for (String forged : new String[] { "was9", "", "WAS1", "was1 ", "../was2", "standby\u0000" }) {
			assertThat(this.harness.chooseSticky(forged).kind()).as(forged).isEqualTo(Choice.Kind.BALANCED);
			assertThat(this.strict.chooseSticky(forged).kind()).as(forged).isEqualTo(Choice.Kind.BALANCED);
		}
		assertThat(this.harness.chooseSticky(null).kind()).isEqualTo(Choice.Kind.BALANCED);
	}

	@Test
	void shouldMoveAStickyClientWhoseMemberThisRequestAlreadyTried() {
		Choice retry = this.harness.balancer.choose(new RequestFacts("was1", Set.of("was1")));

		assertThat(retry).isEqualTo(new Choice("was2", Choice.Kind.BALANCED));
	}

	@Test
	void shouldRefuseToMoveAStickyClientInStrictMode() {
		this.strict.balancer.healthChanged("was1", false, "probe failed");
		this.strict.balancer.setAdminState("was2", AdminState.DISABLED);

		assertThat(this.strict.chooseSticky("was1")).isEqualTo(new Choice(null, Choice.Kind.REFUSED_STRICT));
		assertThat(this.strict.chooseSticky("was2")).isEqualTo(new Choice(null, Choice.Kind.REFUSED_STRICT));
		assertThat(this.strict.balancer.choose(new RequestFacts("standby", Set.of("standby"))).kind())
			.isEqualTo(Choice.Kind.REFUSED_STRICT);
	}

	@Test
	void shouldRefuseAStickyClientOfAnEjectedMemberInStrictMode() {
		this.strict.fail("was1", 2);

		assertThat(this.strict.chooseSticky("was1").kind()).isEqualTo(Choice.Kind.REFUSED_STRICT);
	}

	@Test
	void shouldStillServeStickyAndNewClientsNormallyInStrictMode() {
		this.strict.balancer.setAdminState("was1", AdminState.DRAINING);

		assertThat(this.strict.chooseSticky("was1").kind()).isEqualTo(Choice.Kind.STICKY);
		assertThat(this.strict.choose().memberId()).isEqualTo("was2");
	}

	private static BalancingPolicy policy(boolean strict) {
		return new BalancingPolicy(Strategy.weightedRoundRobin(), false, Duration.ZERO, strict, 2,
				Duration.ofSeconds(10));
	}

}
