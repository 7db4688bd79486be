package dev.tandem.session;

import java.time.Duration;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.session.hazelcast.HazelcastIndexedSessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * Wires HTTP sessions into an embedded Hazelcast member: the member's {@link Config} from
 * {@code tandem.node.*} (the member itself is started by
 * {@link SessionMemberConfiguration}), and Boot's session auto-configuration stores
 * sessions in it with {@link HazelcastIndexedSessionRepository} because
 * spring-session-hazelcast is present. The session cookie keeps Spring Session's defaults
 * ({@code SESSION}, HttpOnly, SameSite=Lax; {@code server.servlet.session.cookie.*} can
 * change them) and carries no {@code jvmRoute} suffix: the gateway owns affinity, and a
 * suffix breaks failover.
 */
final class SessionClusterConfiguration {

	@Bean
	Config hazelcastConfig(NodeProperties properties, Environment environment, ResourceLoader resourceLoader) {
		Config config = HazelcastMemberConfig.create(BindAddressCheck.check(RoutedInterface.withDefault(properties)),
				sessionMapName(environment));
		// Sessions hold application classes, which a fat jar loads with its own loader.
		config.setClassLoader(resourceLoader.getClassLoader());
		return config;
	}

	// Boot lets users rename the session map; the map's settings must follow it.
	static String sessionMapName(Environment environment) {
		return Binder.get(environment)
			.bind("spring.session.hazelcast.map-name", String.class)
			.orElse(HazelcastIndexedSessionRepository.DEFAULT_SESSION_MAP_NAME);
	}

	@Bean
	SessionCluster sessionCluster(HazelcastInstance hazelcast, NodeProperties properties, Environment environment) {
		// Partition safety is asked twice a second, so readiness follows it within the
		// gateway's probe interval without a health check ever waiting for the answer;
		// the session counts, for people, once a second.
		return new HazelcastSessionCluster(hazelcast, properties.cluster().minSize(),
				new PartitionSafetyProbe(hazelcast, Duration.ofMillis(500)),
				new SessionCountProbe(hazelcast, sessionMapName(environment), Duration.ofSeconds(2)));
	}

	@Bean
	FilterRegistrationBean<ClusterViewHeaderFilter> clusterViewHeaderFilter(SessionCluster cluster) {
		FilterRegistrationBean<ClusterViewHeaderFilter> registration = new FilterRegistrationBean<>(
				new ClusterViewHeaderFilter(cluster));
		// Outside Spring Session's filter (and the restart filter just inside it), so the
		// view is read after the session was saved.
		registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 2);
		return registration;
	}

}
