package dev.tandem.session;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults an application gets with the library, so that {@code tandem.node.*} alone is
 * enough for the gateway: {@code /actuator/health/readiness} exists outside Kubernetes
 * and includes {@code sessionCluster}. They come last, so any value the application sets
 * itself wins.
 */
final class SessionClusterDefaults implements EnvironmentPostProcessor {

	static final String NAME = "tandemSessionClusterDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getPropertySources().contains(NAME)) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(NAME, Map.of("management.endpoint.health.probes.enabled", "true",
					"management.endpoint.health.group.readiness.include", "readinessState,sessionCluster")));
	}

}
