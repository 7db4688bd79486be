package dev.tandem.gateway.balancing.core;

import java.util.Set;

import dev.tandem.gateway.member.AdminState;

import org.junit.jupiter.api.Test;

import static dev.tandem.gateway.balancing.core.Harness.member;
import static org.assertj.core.api.Assertions.assertThat;

class TierTests {

	private final Harness harness = Harness.roundRobin(member("standby", 1, 1), member("was1", 1, 0),
			member("was2", 1, 0), member("last", 1, 2));

	@Test
	void shouldGiveAllNewClientsToTierZeroWhileAnyOfItIsUsable() {
		assertThat(this.harness.choose(6)).containsExactly("was1", "was2", "was1", "was2", "was1", "was2");

		this.harness.balancer.healthChanged("was1", false, "probe failed");

		assertThat(this.harness.choose(4)).containsOnly("was2");
	}

	@Test
	void shouldFailOverToTheStandbyWhenEveryActiveIsUnusable() {
		this.harness.balancer.healthChanged("was1", false, "probe failed");
		this.harness.balancer.setAdminState("was2", AdminState.DRAINING);

		assertThat(this.harness.choose(3)).containsOnly("standby");
		assertThat(this.harness.choose().kind()).isEqualTo(Choice.Kind.BALANCED);
		assertThat(this.harness.balancer.snapshot().servingTier()).isEqualTo(1);
	}

	@Test
	void shouldFailBackToAnActiveAsSoonAsOneIsUsableAgain() {
		this.harness.balancer.healthChanged("was1", false, "probe failed");
		this.harness.balancer.healthChanged("was2", false, "probe failed");
		assertThat(this.harness.choose(2)).containsOnly("standby");

		this.harness.balancer.healthChanged("was2", true, "probe passed");

		assertThat(this.harness.choose(3)).containsOnly("was2");
	}

	@Test
	void shouldReachTheThirdTierOnlyWhenBothLowerTiersAreUnusable() {
		this.harness.balancer.setAdminState("was1", AdminState.DISABLED);
		this.harness.balancer.setWeight("was2", 0);
		assertThat(this.harness.choose(2)).containsOnly("standby");

		this.harness.balancer.healthChanged("standby", false, "probe failed");

		assertThat(this.harness.choose(2)).containsOnly("last");
	}

	@Test
	void shouldServeARetryFromTheNextTierWhenItTriedEveryActive() {
		Choice retry = this.harness.balancer.choose(new RequestFacts(null, Set.of("was1", "was2")));

		assertThat(retry.memberId()).isEqualTo("standby");
		assertThat(this.harness.choose().memberId()).startsWith("was");
	}

	@Test
	void shouldChooseNoneWhenNoMemberIsUsableAndPanicIsOff() {
		for (String id : new String[] { "was1", "was2", "standby", "last" }) {
			this.harness.balancer.healthChanged(id, false, "probe failed");
		}

		assertThat(this.harness.choose()).isEqualTo(new Choice(null, Choice.Kind.NONE));
		assertThat(this.harness.balancer.snapshot().servingTier()).isEqualTo(-1);
	}

	@Test
	void shouldChooseNoneWithoutMembers() {
		Harness empty = Harness.roundRobin();

		assertThat(empty.choose().kind()).isEqualTo(Choice.Kind.NONE);
	}

}
