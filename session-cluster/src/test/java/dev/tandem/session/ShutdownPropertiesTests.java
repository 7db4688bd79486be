package dev.tandem.session;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

class ShutdownPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(GracefulShutdownConfiguration.class);

	@Test
	void shouldDrainForFiveSecondsByDefault() {
		this.runner.run((context) -> assertThat(context.getBean(ShutdownProperties.class).drainWait())
			.isEqualTo(Duration.ofSeconds(5)));
	}

	@Test
	void shouldBindTheDrainWait() {
		this.runner.withPropertyValues("tandem.node.shutdown.drain-wait=1500ms")
			.run((context) -> assertThat(context.getBean(ShutdownProperties.class).drainWait())
				.isEqualTo(Duration.ofMillis(1500)));
	}

	@Test
	void shouldFailStartUpNamingTheDrainWaitWhenNegative() {
		this.runner.withPropertyValues("tandem.node.shutdown.drain-wait=-1s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessage("tandem.node.shutdown.drain-wait must be 0s or more, such as 5s, but was -1000ms.");
		});
	}

	@Test
	void shouldStopJustBeforeTheWebServersGracefulShutdown() {
		this.runner.run((context) -> {
			SmartLifecycle drain = context.getBean(DrainLifecycle.class);
			// Lifecycles stop from the highest phase down.
			assertThat(drain.getPhase()).isGreaterThan(
					org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE);
			assertThat(drain.getPhase()).isLessThan(SmartLifecycle.DEFAULT_PHASE);
			assertThat(drain.isRunning()).isTrue();
		});
	}

	@Test
	void shouldBlockStopForTheDrainWait() {
		DrainLifecycle drain = new DrainLifecycle(Duration.ofMillis(300));
		drain.start();
		long start = System.nanoTime();
		drain.stop();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(drain.isRunning()).isFalse();
	}

}
