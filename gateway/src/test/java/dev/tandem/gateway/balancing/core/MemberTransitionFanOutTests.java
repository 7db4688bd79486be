package dev.tandem.gateway.balancing.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static dev.tandem.gateway.balancing.core.Harness.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class MemberTransitionFanOutTests {

	private final MemberTransitionFanOut fanOut = new MemberTransitionFanOut();

	@Test
	void shouldTellEverySubscriberInOrderOfSubscription() {
		List<String> told = new ArrayList<>();
		this.fanOut.subscribe((transition) -> told.add("log " + transition.to()));
		this.fanOut.subscribe((transition) -> told.add("history " + transition.to()));
		Balancer balancer = new Balancer(List.of(member("was1")), BalancingPolicy.of(Strategy.weightedRoundRobin()),
				() -> 0L, new Random(42), this.fanOut);

		balancer.healthChanged("was1", false, "503");

		assertThat(told).containsExactly("log down", "history down");
	}

	@Test
	void shouldTellTheLaterSubscribersWhenOneThrowsAndThenRethrow() {
		List<MemberTransition> told = new ArrayList<>();
		this.fanOut.subscribe((transition) -> {
			throw new IllegalStateException("broken");
		});
		this.fanOut.subscribe(told::add);
		MemberTransition transition = new MemberTransition("was1", "up", "down", "503");

		assertThatIllegalStateException().isThrownBy(() -> this.fanOut.accept(transition)).withMessage("broken");
		assertThat(told).containsExactly(transition);
	}

}
