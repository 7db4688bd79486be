package dev.tandem.gateway.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

import static dev.tandem.gateway.history.Snapshots.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HistorySamplerTests {

	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private final List<Integer> windows = new ArrayList<>();

	private final TrafficHistory history = new TrafficHistory(Snapshots.of(member("was1", 0)), 5,
			() -> this.scheduler.now(TimeUnit.MILLISECONDS));

	private final HistorySampler sampler = new HistorySampler(this.history, (seconds) -> {
		this.windows.add(seconds);
		return Snapshots.of(member("was1", 7));
	}, Duration.ofSeconds(5), this.scheduler);

	@AfterEach
	void stop() {
		this.sampler.stop();
		this.scheduler.dispose();
	}

	@Test
	void shouldTickAtEveryWallClockMultipleOfTheInterval() {
		this.scheduler.advanceTimeBy(Duration.ofMillis(1_234));
		this.sampler.start();

		this.scheduler.advanceTimeBy(Duration.ofMillis(13_766));

		assertThat(this.history.after(Long.MIN_VALUE).time()).containsExactly(5_000L, 10_000L, 15_000L);
		assertThat(this.windows).containsExactly(5, 5, 5);
	}

	@Test
	void shouldStopTickingWhenStopped() {
		this.sampler.start();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(5));
		this.sampler.stop();

		this.scheduler.advanceTimeBy(Duration.ofSeconds(20));

		assertThat(this.history.after(Long.MIN_VALUE).time()).containsExactly(5_000L);
		assertThat(this.sampler.isRunning()).isFalse();
	}

	@Test
	void shouldKeepTickingAfterAReadingFails() {
		TrafficHistory history = new TrafficHistory(Snapshots.of(member("was1", 0)), 5, () -> 0L);
		int[] calls = { 0 };
		HistorySampler sampler = new HistorySampler(history, (seconds) -> {
			if (++calls[0] == 1) {
				throw new IllegalStateException("broken");
			}
			return Snapshots.of(member("was1", 7));
		}, Duration.ofSeconds(5), this.scheduler);
		sampler.start();

		this.scheduler.advanceTimeBy(Duration.ofSeconds(10));
		sampler.stop();

		assertThat(history.after(Long.MIN_VALUE).time()).containsExactly(10_000L);
	}

	@Test
	void shouldRefuseAnIntervalOfNoWholeSeconds() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> new HistorySampler(this.history, (seconds) -> null, Duration.ofMillis(1500), this.scheduler));
		assertThatIllegalArgumentException().isThrownBy(
				() -> new HistorySampler(this.history, (seconds) -> null, Duration.ofSeconds(61), this.scheduler));
	}

}
