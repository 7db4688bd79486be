package dev.tandem.gateway.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class NodeTagTests {

	@Test
	void shouldTagEveryMeterWithTheHostName() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();

		new NodeTag(new MockEnvironment(), () -> "pi1").customize(registry);

		assertThat(registry.counter("requests").getId().getTag("node")).isEqualTo("pi1");
	}

	@Test
	void shouldFallBackToGatewayWhenTheHostNameCannotBeRead() {
		assertThat(new NodeTag(new MockEnvironment(), () -> null).value()).isEqualTo("gateway");
		assertThat(new NodeTag(new MockEnvironment(), () -> " ").value()).isEqualTo("gateway");
	}

	@Test
	void shouldLeaveTheTagToBootWhenTheNodePropertyIsSet() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();

		new NodeTag(new MockEnvironment().withProperty("management.metrics.tags.node", "edge"), () -> "pi1")
			.customize(registry);

		assertThat(registry.counter("requests").getId().getTag("node")).isNull();
	}

}
