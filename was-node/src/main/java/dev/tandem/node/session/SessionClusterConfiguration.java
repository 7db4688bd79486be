package dev.tandem.node.session;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import dev.tandem.node.NodeProperties;

import org.springframework.boot.autoconfigure.session.DefaultCookieSerializerCustomizer;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.session.hazelcast.HazelcastIndexedSessionRepository;

/**
 * Wires HTTP sessions into an embedded Hazelcast member. Boot does the rest: its
 * Hazelcast auto-configuration starts the member from the {@link Config} bean here, and
 * its session auto-configuration stores sessions in it with
 * {@link HazelcastIndexedSessionRepository} because spring-session-hazelcast is present.
 */
@Configuration(proxyBeanMethods = false)
class SessionClusterConfiguration {

	@Bean
	Config hazelcastConfig(NodeProperties properties, Environment environment, ResourceLoader resourceLoader) {
		// Boot lets users rename the session map; the map's settings must follow it.
		String sessionMapName = Binder.get(environment)
			.bind("spring.session.hazelcast.map-name", String.class)
			.orElse(HazelcastIndexedSessionRepository.DEFAULT_SESSION_MAP_NAME);
		Config config = HazelcastMemberConfig.create(properties, sessionMapName);
		// Sessions hold application classes, which a fat jar loads with its own loader.
		config.setClassLoader(resourceLoader.getClassLoader());
		return config;
	}

	@Bean
	SessionCluster sessionCluster(HazelcastInstance hazelcast) {
		return new HazelcastSessionCluster(hazelcast);
	}

	/**
	 * The session cookie keeps Spring Session's name ({@code SESSION}, which the gateway
	 * knows), is hidden from scripts and is not sent on cross-site sub-requests. No
	 * {@code jvmRoute} suffix: the gateway owns affinity, and a suffix breaks failover.
	 * @return the customizer
	 */
	@Bean
	DefaultCookieSerializerCustomizer sessionCookieCustomizer() {
		return (serializer) -> {
			serializer.setCookieName("SESSION");
			serializer.setUseHttpOnlyCookie(true);
			serializer.setSameSite("Lax");
		};
	}

}
