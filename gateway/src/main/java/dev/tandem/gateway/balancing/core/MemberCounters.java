package dev.tandem.gateway.balancing.core;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The per-request counters of one member: in-flight attempts, latency average, bytes,
 * consecutive failures, the last minute's traffic and the recent sticky clients. They are
 * atomics shared by every snapshot of the member, so a request updates them without
 * replacing the snapshot; a member added again gets new ones.
 */
final class MemberCounters {

	/** The latency average before the first sample. */
	static final long NO_SAMPLE = -1;

	/**
	 * Each sample moves the average a quarter of the way towards it (an EWMA with alpha =
	 * 1/4): the last eight or so samples dominate, so a member that slows down is noticed
	 * within a few responses and one slow outlier does not dominate.
	 */
	private static final int EWMA_SHIFT = 2;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicLong ewmaNanos = new AtomicLong(NO_SAMPLE);

	private final AtomicLong bytes = new AtomicLong();

	private final AtomicInteger consecutiveFailures = new AtomicInteger();

	private volatile String lastFailure;

	private final RecentTraffic recentTraffic;

	private final StickyClients stickyClients;

	/**
	 * Counters of a member created now.
	 * @param origin the nano clock now
	 * @param stickyWindowNanos how long a sticky client counts after its request
	 */
	MemberCounters(long origin, long stickyWindowNanos) {
		this.recentTraffic = new RecentTraffic(origin);
		this.stickyClients = new StickyClients(origin, stickyWindowNanos);
	}

	void started() {
		this.inFlight.incrementAndGet();
	}

	void finished() {
		// Never below zero: a stray finish (without its start) must not make the
		// member look less busy than idle for ever after.
		for (;;) {
			int current = this.inFlight.get();
			if (current <= 0 || this.inFlight.compareAndSet(current, current - 1)) {
				return;
			}
		}
	}

	void recordLatency(long latencyNanos) {
		long sample = Math.max(0, latencyNanos);
		for (;;) {
			long current = this.ewmaNanos.get();
			long next = (current == NO_SAMPLE) ? sample : current + ((sample - current) >> EWMA_SHIFT);
			if (this.ewmaNanos.compareAndSet(current, next)) {
				return;
			}
		}
	}

	void addBytes(long count) {
		if (count > 0) {
			this.bytes.addAndGet(count);
		}
	}

	int failed(String detail) {
		this.lastFailure = detail;
		return this.consecutiveFailures.incrementAndGet();
	}

	void resetFailures() {
		this.consecutiveFailures.set(0);
	}

	/** The attempts of the last minute, their verdicts and the answers' latencies. */
	RecentTraffic recentTraffic() {
		return this.recentTraffic;
	}

	/** The clients that reached the member through affinity lately. */
	StickyClients stickyClients() {
		return this.stickyClients;
	}

	int inFlight() {
		return this.inFlight.get();
	}

	long ewmaNanos() {
		return this.ewmaNanos.get();
	}

	long bytes() {
		return this.bytes.get();
	}

	int consecutiveFailures() {
		return this.consecutiveFailures.get();
	}

	String lastFailure() {
		return this.lastFailure;
	}

}
