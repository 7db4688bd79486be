package dev.tandem.node.session;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import dev.tandem.node.NodeProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.session.DefaultCookieSerializerCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.web.http.CookieSerializer.CookieValue;
import org.springframework.session.web.http.DefaultCookieSerializer;

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

	@Test
	void shouldIssueAnHttpOnlyLaxSessionCookieWithoutRoute() {
		this.runner.run((context) -> {
			DefaultCookieSerializer serializer = new DefaultCookieSerializer();
			context.getBean(DefaultCookieSerializerCustomizer.class).customize(serializer);
			MockHttpServletResponse response = new MockHttpServletResponse();

			serializer.writeCookieValue(new CookieValue(new MockHttpServletRequest(), response, "abc"));

			assertThat(response.getHeader("Set-Cookie")).startsWith("SESSION=")
				.doesNotContain("abc.")
				.contains("; HttpOnly")
				.contains("; SameSite=Lax");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(NodeProperties.class)
	@Import(SessionClusterConfiguration.class)
	static class TestConfiguration {

	}

}
