package dev.tandem.gateway.balancing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.tandem.gateway.balancing.core.GroupPolicy;
import dev.tandem.gateway.balancing.core.Strategy;
import dev.tandem.shared.InvalidSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class GroupsPropertiesTests {

	@Test
	void shouldTakeWhatAGroupLeavesUnsetFromTheGateway() {
		Map<String, GroupsProperties.Group> groups = new LinkedHashMap<>();
		groups.put("shop", new GroupsProperties.Group(new GroupsProperties.Balancing("least-busy"), null));
		groups.put("blog", new GroupsProperties.Group(null, new GroupsProperties.Affinity(false)));
		groups.put("wiki", null);

		Map<String, GroupPolicy> policies = new GroupsProperties(groups).policies(Strategy.traffic(), true);

		assertThat(policies).containsExactly(Map.entry("shop", new GroupPolicy(Strategy.leastBusy(), true)),
				Map.entry("blog", new GroupPolicy(Strategy.traffic(), false)),
				Map.entry("wiki", new GroupPolicy(Strategy.traffic(), true)));
	}

	@Test
	void shouldHaveNoGroupPoliciesWhenNoneIsConfigured() {
		assertThat(new GroupsProperties(null).policies(Strategy.weightedRoundRobin(), false)).isEmpty();
	}

	@Test
	void shouldRefuseAGroupThatNoMemberHas() {
		GroupsProperties properties = new GroupsProperties(Map.of("shop", new GroupsProperties.Group(null, null)));

		properties.requireMembersFor(Set.of("shop"));
		assertThatExceptionOfType(InvalidSettings.class).isThrownBy(() -> properties.requireMembersFor(Set.of()))
			.withMessage("tandem.gateway.groups.shop names no member's group; set tandem.gateway.members[i].group=shop "
					+ "on the members it is for (no member has a group yet).");
	}

	@Test
	void shouldNameAGroupWithADotInBrackets() {
		assertThat(GroupsProperties.property("shop")).isEqualTo("tandem.gateway.groups.shop");
		assertThat(GroupsProperties.property("shop.v2")).isEqualTo("tandem.gateway.groups[shop.v2]");
	}

}
