package dev.tandem.session;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The {@code sessionCluster} health indicator, only when Actuator is on the class path:
 * the library does not force Actuator on an application, but without it the gateway has
 * no readiness to read. Not a {@code @Configuration}, so an application whose component
 * scan covers this package does not pick it up twice.
 */
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
final class SessionClusterHealthConfiguration {

	// The bean name gives the contributor name, sessionCluster.
	@Bean
	SessionClusterHealthIndicator sessionClusterHealthIndicator(SessionCluster cluster) {
		return new SessionClusterHealthIndicator(cluster);
	}

}
