package dev.tandem.gateway.testing;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * BlockHound is on in the gateway's tests: a blocking call on a Reactor scheduler thread
 * or on a Reactor Netty event loop throws {@link BlockingOperationError}, and
 * {@link BlockHoundExtension} records it, so that it fails the test even when the code
 * under test swallows the error. Each test takes the call it caused, so that only
 * unexpected ones fail.
 */
class BlockHoundTests {

	@Test
	void shouldRefuseASleepOnAParallelSchedulerThread() {
		Mono<Long> sleeping = Mono.delay(Duration.ofMillis(1)).map((tick) -> {
			sleep();
			return tick;
		});

		StepVerifier.create(sleeping).expectError(BlockingOperationError.class).verify(Duration.ofSeconds(10));

		assertThat(BlockHoundExtension.takeDetected()).singleElement().satisfies((detected) -> {
			assertThat(detected.thread()).startsWith("parallel-");
			// Thread.sleep on JDK 17, its native Thread.sleepNanos0 on JDK 21 and later.
			assertThat(detected.error().getMethod().getClassName()).isEqualTo("java.lang.Thread");
			assertThat(detected.error().getMethod().getName()).startsWith("sleep");
		});
	}

	@Test
	void shouldRefuseASleepOnAnEventLoop() throws Exception {
		LoopResources loops = LoopResources.create("blockhound-test", 1, true);
		try {
			Future<?> sleeping = loops.onServer(true).next().submit(BlockHoundTests::sleep);

			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> sleeping.get(10, TimeUnit.SECONDS))
				.withCauseInstanceOf(BlockingOperationError.class);
			assertThat(BlockHoundExtension.takeDetected()).singleElement()
				.satisfies((detected) -> assertThat(detected.thread()).startsWith("blockhound-test-"));
		}
		finally {
			loops.disposeLater().block(Duration.ofSeconds(10));
		}
	}

	@Test
	void shouldLetTheTestThreadBlock() throws InterruptedException {
		Thread.sleep(1);

		assertThat(BlockHoundExtension.takeDetected()).isEmpty();
	}

	private static void sleep() {
		try {
			Thread.sleep(10);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
