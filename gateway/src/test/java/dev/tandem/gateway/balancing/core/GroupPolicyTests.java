package dev.tandem.gateway.balancing.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static dev.tandem.gateway.balancing.core.Harness.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Two groups of members (two applications) behind one balancer, each chosen with its own
 * strategy and strictness: the shop by smooth weighted round robin 1:5, the blog by
 * fewest in flight. A request of a group excludes the other group's members, as the
 * gateway's load balancer does.
 */
class GroupPolicyTests {

	private static final MemberSpec[] MEMBERS = { member("s1", 1, 0), member("s2", 5, 0), member("b1", 1, 0),
			member("b2", 1, 0) };

	private static final Set<String> OUTSIDE_SHOP = Set.of("b1", "b2");

	private static final Set<String> OUTSIDE_BLOG = Set.of("s1", "s2");

	@Test
	void shouldChooseEachGroupWithItsOwnStrategyAndKeepTheShopsExactSplit() {
		// The gateway-wide method is the blog's: only the shop's own policy uses round
		// robin.
		BalancingPolicy policy = BalancingPolicy.of(Strategy.leastBusy())
			.withGroups(Map.of("shop", new GroupPolicy(Strategy.weightedRoundRobin(), false)));
		Harness harness = Harness.of(policy, MEMBERS);
		RequestFacts shop = new RequestFacts(null, OUTSIDE_SHOP, policy.group("shop"));
		RequestFacts blog = new RequestFacts(null, OUTSIDE_BLOG, policy.group("blog"));
		// Three slow requests keep b1 busy: fewest in flight sends every new blog client
		// to b2, where round robin would alternate.
		for (int i = 0; i < 3; i++) {
			harness.balancer.requestStarted("b1");
		}

		List<String> shopChoices = new ArrayList<>();
		List<String> blogChoices = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			shopChoices.add(harness.balancer.choose(shop).memberId());
			String chosen = harness.balancer.choose(blog).memberId();
			blogChoices.add(chosen);
			harness.succeed(chosen);
		}

		assertThat(shopChoices).filteredOn("s1"::equals).hasSize(10);
		assertThat(shopChoices).filteredOn("s2"::equals).hasSize(50);
		assertThat(shopChoices.subList(0, 12)).containsExactly("s2", "s2", "s1", "s2", "s2", "s2", "s2", "s2", "s1",
				"s2", "s2", "s2");
		assertThat(blogChoices).containsOnly("b2");
	}

	@Test
	void shouldKeepTheShopsExactSplitOnTheGatewaysMethodWhileTheBlogUsesItsOwn() {
		BalancingPolicy policy = BalancingPolicy.of(Strategy.weightedRoundRobin())
			.withGroups(Map.of("blog", new GroupPolicy(Strategy.leastBusy(), false)));
		Harness harness = Harness.of(policy, MEMBERS);
		RequestFacts shop = new RequestFacts(null, OUTSIDE_SHOP, policy.group("shop"));
		RequestFacts blog = new RequestFacts(null, OUTSIDE_BLOG, policy.group("blog"));

		List<String> shopChoices = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			shopChoices.add(harness.balancer.choose(shop).memberId());
			harness.balancer.choose(blog);
		}

		assertThat(shopChoices).containsExactly("s2", "s2", "s1", "s2", "s2", "s2");
	}

	@Test
	void shouldRefuseAStickyClientOfTheStrictGroupAndMoveTheOtherGroups() {
		BalancingPolicy policy = BalancingPolicy.of(Strategy.weightedRoundRobin())
			.withGroups(Map.of("blog", new GroupPolicy(Strategy.leastBusy(), true)));
		Harness harness = Harness.of(policy, MEMBERS);
		harness.balancer.healthChanged("s1", false, "probe failed");
		harness.balancer.healthChanged("b1", false, "probe failed");

		Choice shop = harness.balancer.choose(new RequestFacts("s1", OUTSIDE_SHOP, policy.group("shop")));
		Choice blog = harness.balancer.choose(new RequestFacts("b1", OUTSIDE_BLOG, policy.group("blog")));

		assertThat(shop).isEqualTo(new Choice("s2", Choice.Kind.BALANCED));
		assertThat(blog).isEqualTo(Choice.REFUSED_STRICT);
	}

	@Test
	void shouldMoveAStickyClientOfAGroupThatIsNotStrictWhenTheGatewayIs() {
		BalancingPolicy policy = BalancingPolicy.of(Strategy.weightedRoundRobin())
			.withStrictAffinity(true)
			.withGroups(Map.of("blog", new GroupPolicy(Strategy.weightedRoundRobin(), false)));
		Harness harness = Harness.of(policy, MEMBERS);
		harness.balancer.healthChanged("s1", false, "probe failed");
		harness.balancer.healthChanged("b1", false, "probe failed");

		Choice shop = harness.balancer.choose(new RequestFacts("s1", OUTSIDE_SHOP, policy.group("shop")));
		Choice blog = harness.balancer.choose(new RequestFacts("b1", OUTSIDE_BLOG, policy.group("blog")));

		assertThat(shop).isEqualTo(Choice.REFUSED_STRICT);
		assertThat(blog).isEqualTo(new Choice("b2", Choice.Kind.BALANCED));
	}

	@Test
	void shouldGiveAGroupWithoutAPolicyOfItsOwnTheGatewaysStrategyAndStrictness() {
		BalancingPolicy policy = BalancingPolicy.of(Strategy.traffic())
			.withStrictAffinity(true)
			.withGroups(Map.of("blog", new GroupPolicy(Strategy.leastBusy(), false)));

		assertThat(policy.group("shop")).isEqualTo(new GroupPolicy(Strategy.traffic(), true));
		assertThat(policy.group(null)).isEqualTo(new GroupPolicy(Strategy.traffic(), true));
		assertThat(policy.withStrictAffinity(false).groups()).containsOnlyKeys("blog");
	}

	@Test
	void shouldShowEachGroupsMethodInTheSnapshot() {
		BalancingPolicy policy = BalancingPolicy.of(Strategy.weightedRoundRobin())
			.withGroups(Map.of("blog", new GroupPolicy(Strategy.p2cLatency(), false)));

		BalancerSnapshot snapshot = Harness.of(policy, MEMBERS).balancer.snapshot();

		assertThat(snapshot.strategy()).isEqualTo("weighted-round-robin");
		assertThat(snapshot.groupStrategies()).containsExactly(Map.entry("blog", "p2c-latency"));
		assertThat(Harness.roundRobin(MEMBERS).balancer.snapshot().groupStrategies()).isEmpty();
	}

	@Test
	void shouldRefuseAGroupPolicyWhoseStrategyThePolicyDoesNotUse() {
		Harness harness = Harness.roundRobin(MEMBERS);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> harness.balancer
				.choose(new RequestFacts(null, OUTSIDE_SHOP, new GroupPolicy(Strategy.traffic(), false))))
			.withMessage("The request's group policy chooses by traffic, which neither this balancer's policy nor "
					+ "any of its groups uses.");
	}

}
