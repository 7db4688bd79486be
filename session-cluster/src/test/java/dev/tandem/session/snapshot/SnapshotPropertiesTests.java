package dev.tandem.session.snapshot;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@code tandem.node.sessions.snapshot.*} as a node binds it: the defaults, and a
 * start-up that stops with one sentence naming the property.
 */
@ExtendWith(OutputCaptureExtension.class)
class SnapshotPropertiesTests {

	@Test
	void shouldBeOffWithAOneSecondFlushByDefault() {
		try (ConfigurableApplicationContext context = start()) {
			SnapshotProperties properties = context.getBean(SnapshotProperties.class);

			assertThat(properties.enabled()).isFalse();
			assertThat(properties.dir()).isNull();
			assertThat(properties.flushInterval()).isEqualTo(Duration.ofSeconds(1));
			assertThat(properties.maxSize()).isEqualTo(DataSize.ofMegabytes(64));
			assertThat(properties.queueCapacity()).isEqualTo(10000);
			assertThat(properties.restoreWindow()).isEqualTo(Duration.ofMinutes(5));
		}
	}

	@Test
	void shouldRefuseToStartEnabledWithoutADirectory(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("--tandem.node.sessions.snapshot.enabled=true"));

		assertThat(output).contains(String.format("Description:%n%ntandem.node.sessions.snapshot.dir must be set when "
				+ "tandem.node.sessions.snapshot.enabled is true, such as /var/lib/tandem/was-node/sessions.%n"));
	}

	@Test
	void shouldRefuseARelativeDirectory(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("--tandem.node.sessions.snapshot.dir=sessions"));

		assertThat(output).contains(String.format(
				"Description:%n%ntandem.node.sessions.snapshot.dir must be an absolute path, but was 'sessions'.%n"));
	}

	@Test
	void shouldRefuseAFlushIntervalThatWouldWearTheCardOrLoseMinutes(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("--tandem.node.sessions.snapshot.flush-interval=10ms"));

		assertThat(output).contains(String.format("Description:%n%ntandem.node.sessions.snapshot.flush-interval "
				+ "must be between 100ms and 1m, such as 1s, but was 10ms.%n"));
	}

	@Test
	void shouldRefuseATinySizeLimit(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("--tandem.node.sessions.snapshot.max-size=1KB"));

		assertThat(output).contains(String.format("Description:%n%ntandem.node.sessions.snapshot.max-size "
				+ "must be at least 64KB, such as 64MB, but was 1024B.%n"));
	}

	private static ConfigurableApplicationContext start(String... arguments) {
		return new SpringApplicationBuilder(PropertiesConfiguration.class).web(WebApplicationType.NONE).run(arguments);
	}

	@EnableConfigurationProperties(SnapshotProperties.class)
	static class PropertiesConfiguration {

	}

}
