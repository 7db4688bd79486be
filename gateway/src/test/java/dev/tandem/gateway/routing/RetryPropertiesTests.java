package dev.tandem.gateway.routing;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of())
		.withUserConfiguration(Properties.class);

	@Test
	void shouldReplayOnlyIdempotentMethodsOfSmallBodiesThreeTimesByDefault() {
		this.runner.run((context) -> {
			RetryProperties properties = context.getBean(RetryProperties.class);
			assertThat(properties.methods()).containsExactlyInAnyOrder(HttpMethod.GET, HttpMethod.HEAD,
					HttpMethod.OPTIONS, HttpMethod.PUT, HttpMethod.DELETE);
			assertThat(properties.maxAttempts()).isEqualTo(3);
			assertThat(properties.maxBodySize()).isEqualTo(DataSize.ofKilobytes(64));
		});
	}

	@Test
	void shouldReadMethodsWrittenInLowerCase() {
		this.runner.withPropertyValues("tandem.gateway.retry.methods=get,put")
			.run((context) -> assertThat(context.getBean(RetryProperties.class).methods())
				.containsExactlyInAnyOrder(HttpMethod.GET, HttpMethod.PUT));
	}

	@Test
	void shouldRefuseFewerThanOneAttempt() {
		this.runner.withPropertyValues("tandem.gateway.retry.max-attempts=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("tandem.gateway.retry.max-attempts must be 1 or more (1 turns failover off), but was 0."));
	}

	@Test
	void shouldRefuseANegativeBodySize() {
		this.runner.withPropertyValues("tandem.gateway.retry.max-body-size=-1B")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("tandem.gateway.retry.max-body-size must be 0B or more, such as 64KB, but was -1B."));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(RetryProperties.class)
	static class Properties {

	}

}
