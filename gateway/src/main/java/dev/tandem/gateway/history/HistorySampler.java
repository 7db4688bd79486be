package dev.tandem.gateway.history;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import dev.tandem.gateway.balancing.core.BalancerSnapshot;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Ticks the {@link TrafficHistory} at every wall-clock multiple of the interval (:00,
 * :05, :10 for 5 s), so every member's sample of one tick shares its time, whichever
 * moment the gateway started. Each tick reads the balancer over the interval just ended.
 * A tick that fires late (a paused JVM) still carries its own time; a tick missed
 * altogether is not made up. No thread is held: the waits are timers on the given
 * scheduler, whose clock is the tick time.
 */
final class HistorySampler {

	private static final Log logger = LogFactory.getLog(HistorySampler.class);

	private final TrafficHistory history;

	private final IntFunction<BalancerSnapshot> balancer;

	private final long intervalMillis;

	private final int intervalSeconds;

	private final Scheduler scheduler;

	/** Guarded by this sampler's monitor. */
	private Disposable running;

	/**
	 * A sampler, not started.
	 * @param history where the ticks go
	 * @param balancer the balancer's snapshot over a window of that many seconds
	 * @param interval the time between ticks, whole seconds from 1 to 60
	 * @param scheduler its timers and its clock
	 */
	HistorySampler(TrafficHistory history, IntFunction<BalancerSnapshot> balancer, Duration interval,
			Scheduler scheduler) {
		if (interval.toMillis() % 1000 != 0 || interval.toSeconds() < 1 || interval.toSeconds() > 60) {
			throw new IllegalArgumentException(
					"A history interval must be whole seconds from 1 to 60, but was " + interval + ".");
		}
		this.history = history;
		this.balancer = balancer;
		this.intervalMillis = interval.toMillis();
		this.intervalSeconds = (int) interval.toSeconds();
		this.scheduler = scheduler;
	}

	synchronized void start() {
		if (this.running == null) {
			this.running = nextTick().repeat().subscribe();
		}
	}

	synchronized void stop() {
		if (this.running != null) {
			this.running.dispose();
			this.running = null;
		}
	}

	synchronized boolean isRunning() {
		return this.running != null;
	}

	/** Waits for the next multiple of the interval, then ticks at it. */
	private Mono<Void> nextTick() {
		return Mono.defer(() -> {
			long now = this.scheduler.now(TimeUnit.MILLISECONDS);
			long tick = Math.floorDiv(now, this.intervalMillis) * this.intervalMillis + this.intervalMillis;
			return Mono.delay(Duration.ofMillis(tick - now), this.scheduler).doOnNext((ignored) -> tick(tick)).then();
		});
	}

	private void tick(long time) {
		try {
			this.history.tick(time, () -> this.balancer.apply(this.intervalSeconds));
		}
		catch (RuntimeException ex) {
			// An error would end the repeat, and with it the history.
			logger.error("Could not record the member history at " + time, ex);
		}
	}

}
