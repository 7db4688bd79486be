package dev.tandem.gateway.balancing;

import java.util.List;
import java.util.Map;

import dev.tandem.gateway.balancing.core.BalancerSnapshot;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.health.Health;

import static org.assertj.core.api.Assertions.assertThat;

class BalancerHealthIndicatorTests {

	@Test
	void shouldShowEachGroupsOwnMethodBesideTheGateways() {
		Health health = BalancerHealthIndicator
			.health(new BalancerSnapshot("least-busy", 0, List.of(), Map.of("shop", "weighted-round-robin")));

		assertThat(health.getDetails()).containsEntry("method", "least-busy")
			.containsEntry("groupMethods", Map.of("shop", "weighted-round-robin"));
	}

	@Test
	void shouldShowNoGroupMethodsWhenNoGroupHasItsOwn() {
		Health health = BalancerHealthIndicator.health(new BalancerSnapshot("least-busy", 0, List.of()));

		assertThat(health.getDetails()).containsEntry("method", "least-busy").doesNotContainKey("groupMethods");
	}

}
