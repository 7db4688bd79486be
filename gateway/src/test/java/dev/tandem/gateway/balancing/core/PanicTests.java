package dev.tandem.gateway.balancing.core;

import java.time.Duration;
import java.util.Set;

import dev.tandem.gateway.member.AdminState;

import org.junit.jupiter.api.Test;

import static dev.tandem.gateway.balancing.core.Harness.member;
import static org.assertj.core.api.Assertions.assertThat;

class PanicTests {

	@Test
	void shouldTryEveryMemberThatIsNotDisabledWhenNoneIsUsable() {
		Harness harness = harness(true);
		everyMemberDown(harness);
		harness.balancer.setAdminState("was2", AdminState.DISABLED);

		assertThat(harness.choose().kind()).isEqualTo(Choice.Kind.PANIC);
		assertThat(harness.choose(300)).containsOnly("was1", "draining", "standby")
			.contains("was1", "draining", "standby");
	}

	@Test
	void shouldNotPanicOnARetryThatAlreadyTriedEveryCandidate() {
		Harness harness = harness(true);
		everyMemberDown(harness);

		Choice choice = harness.balancer.choose(new RequestFacts(null, Set.of("was1", "was2", "draining", "standby")));

		assertThat(choice.kind()).isEqualTo(Choice.Kind.NONE);
	}

	@Test
	void shouldChooseNoneWhenPanicIsOff() {
		Harness harness = harness(false);
		everyMemberDown(harness);

		assertThat(harness.choose()).isEqualTo(new Choice(null, Choice.Kind.NONE));
	}

	@Test
	void shouldNotPanicWhileAnyTierHasAUsableMember() {
		Harness harness = harness(true);
		harness.balancer.healthChanged("was1", false, "probe failed");
		harness.balancer.healthChanged("was2", false, "probe failed");

		assertThat(harness.choose()).isEqualTo(new Choice("standby", Choice.Kind.BALANCED));
	}

	private static void everyMemberDown(Harness harness) {
		harness.fail("was1", 1);
		harness.fail("was2", 1);
		harness.balancer.healthChanged("standby", false, "probe failed");
	}

	private static Harness harness(boolean panic) {
		Harness harness = Harness.of(
				new BalancingPolicy(Strategy.weightedRoundRobin(), panic, Duration.ZERO, false, 1,
						Duration.ofSeconds(10)),
				member("was1", 1, 0), member("was2", 1, 0), member("draining", 1, 0), member("standby", 1, 1));
		harness.balancer.setAdminState("draining", AdminState.DRAINING);
		return harness;
	}

}
