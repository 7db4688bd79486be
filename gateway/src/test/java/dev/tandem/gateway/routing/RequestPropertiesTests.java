package dev.tandem.gateway.routing;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Properties.class);

	@Test
	void shouldAcceptTenMegabytesWithTenSecondPausesByDefault() {
		this.runner.run((context) -> {
			RequestProperties properties = context.getBean(RequestProperties.class);
			assertThat(properties.maxBodySize()).isEqualTo(DataSize.ofMegabytes(10));
			assertThat(properties.bodyTimeout()).isEqualTo(Duration.ofSeconds(10));
		});
	}

	@Test
	void shouldRefuseAnEmptyBodyLimit() {
		this.runner.withPropertyValues("tandem.gateway.request.max-body-size=0B")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("tandem.gateway.request.max-body-size must be more than 0B, such as 10MB, but was 0B."));
	}

	@Test
	void shouldRefuseAZeroBodyTimeout() {
		this.runner.withPropertyValues("tandem.gateway.request.body-timeout=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("tandem.gateway.request.body-timeout must be at least 1ms, such as 10s, but was PT0S."));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(RequestProperties.class)
	static class Properties {

	}

}
