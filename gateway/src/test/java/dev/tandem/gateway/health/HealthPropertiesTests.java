package dev.tandem.gateway.health;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

class HealthPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(HealthPropertiesConfiguration.class);

	@Test
	void shouldBindTheContractDefaults() {
		this.runner.run((context) -> assertThat(context.getBean(HealthProperties.class))
			.isEqualTo(new HealthProperties(true, "/actuator/health/readiness", Duration.ofSeconds(2),
					Duration.ofSeconds(1), 2, 2, Duration.ofSeconds(1))));
	}

	@Test
	void shouldBindEveryProperty() {
		this.runner
			.withPropertyValues("tandem.gateway.health.enabled=false", "tandem.gateway.health.path=/ready",
					"tandem.gateway.health.interval=5s", "tandem.gateway.health.timeout=800ms",
					"tandem.gateway.health.rise=3", "tandem.gateway.health.fall=4",
					"tandem.gateway.health.fast-interval=500ms")
			.run((context) -> assertThat(context.getBean(HealthProperties.class)).isEqualTo(new HealthProperties(false,
					"/ready", Duration.ofSeconds(5), Duration.ofMillis(800), 3, 4, Duration.ofMillis(500))));
	}

	@Test
	void shouldFailForAPathWithoutLeadingSlash() {
		assertFailure("tandem.gateway.health.path=actuator/health",
				"tandem.gateway.health.path must start with '/', such as /actuator/health/readiness, "
						+ "but was 'actuator/health'.");
	}

	@Test
	void shouldFailForAZeroInterval() {
		assertFailure("tandem.gateway.health.interval=0s",
				"tandem.gateway.health.interval must be more than 0, but was 0s.");
	}

	@Test
	void shouldFailForATimeoutThatIsNotShorterThanTheInterval() {
		assertFailure("tandem.gateway.health.timeout=2s", "tandem.gateway.health.timeout must be more than 0 and "
				+ "shorter than tandem.gateway.health.interval (2s), but was 2s.");
	}

	@Test
	void shouldFailForANegativeTimeout() {
		assertFailure("tandem.gateway.health.timeout=-5ms", "tandem.gateway.health.timeout must be more than 0 and "
				+ "shorter than tandem.gateway.health.interval (2s), but was -5ms.");
	}

	@Test
	void shouldFailForRiseOrFallBelowOne() {
		assertFailure("tandem.gateway.health.rise=0", "tandem.gateway.health.rise must be 1 or more, but was 0.");
		assertFailure("tandem.gateway.health.fall=-1", "tandem.gateway.health.fall must be 1 or more, but was -1.");
	}

	@Test
	void shouldFailForAFastIntervalLongerThanTheInterval() {
		assertFailure("tandem.gateway.health.fast-interval=3s",
				"tandem.gateway.health.fast-interval must be more than 0 and no longer than "
						+ "tandem.gateway.health.interval (2s), but was 3s.");
	}

	private void assertFailure(String property, String sentence) {
		this.runner.withPropertyValues(property).run((context) -> assertThat(failure(context)).isEqualTo(sentence));
	}

	private static String failure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		return NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage();
	}

	@EnableConfigurationProperties(HealthProperties.class)
	static class HealthPropertiesConfiguration {

	}

}
