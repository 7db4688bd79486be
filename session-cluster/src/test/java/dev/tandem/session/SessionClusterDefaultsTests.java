package dev.tandem.session;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class SessionClusterDefaultsTests {

	private final StandardEnvironment environment = new StandardEnvironment();

	@Test
	void shouldPutTheSessionClusterIntoReadiness() {
		new SessionClusterDefaults().postProcessEnvironment(this.environment, new SpringApplication());

		assertThat(this.environment.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
		assertThat(this.environment.getProperty("management.endpoint.health.group.readiness.include"))
			.isEqualTo("readinessState,sessionCluster");
	}

	@Test
	void applicationsOwnValueShouldWin() {
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("application",
					Map.of("management.endpoint.health.group.readiness.include", "readinessState")));

		new SessionClusterDefaults().postProcessEnvironment(this.environment, new SpringApplication());

		assertThat(this.environment.getProperty("management.endpoint.health.group.readiness.include"))
			.isEqualTo("readinessState");
	}

}
