package dev.tandem.session;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class SessionClusterConfigurationTests {

	// A mock member: these tests check wiring, the ITs start real members.
	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(TestConfiguration.class)
		.withBean(HazelcastInstance.class, () -> mock(HazelcastInstance.class))
		.withPropertyValues("tandem.node.id=n1");

	@Test
	void shouldConfigureTheMapSpringSessionUses() {
		this.runner.run((context) -> assertThat(context.getBean(Config.class).getMapConfigs())
			.containsKey("spring:session:sessions"));
	}

	@Test
	void shouldFollowARenamedSessionMap() {
		this.runner.withPropertyValues("spring.session.hazelcast.map-name=shop:sessions")
			.run((context) -> assertThat(context.getBean(Config.class).getMapConfigs()).containsKey("shop:sessions")
				.doesNotContainKey("spring:session:sessions"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(NodeProperties.class)
	@Import(SessionClusterConfiguration.class)
	static class TestConfiguration {

	}

}
