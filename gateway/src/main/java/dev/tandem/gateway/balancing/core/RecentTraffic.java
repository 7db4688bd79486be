package dev.tandem.gateway.balancing.core;

import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One member's attempts of the last minute, in one-second slots: failures with and
 * without an answer, and a histogram of the answers' latencies ({@link LatencyBuckets}),
 * from which attempts and failures per second and the latency percentiles follow.
 * Recording is lock-free and allocates nothing; reading, which is rare (a dashboard, an
 * admin call), sums the slots. It takes 60 * 42 longs, 20 KB, per member.
 *
 * <p>
 * Seconds are counted from the member's creation on the balancer's nano clock. Slot
 * {@code s mod 60} holds second {@code s}. Each cell (a count in a slot) carries the
 * second it counts in its high bits and the count in its low bits, so moving a stale cell
 * to the current second and counting in it is one compare-and-set: a stamp per slot could
 * not be reset together with the slot's 42 counts, and a writer counting between the
 * stamp's change and the reset would lose its count. A stale slot is thus reset lazily,
 * cell by cell, by the first writer of a new second; a slot nobody writes keeps its old
 * stamp and is left out on reading.
 */
final class RecentTraffic {

	/** The window, in one-second slots. */
	static final int SECONDS = 60;

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	/**
	 * Bits of a cell for its count: 16.7 million attempts a second in one cell, far above
	 * what one member serves; a count that gets there stops rather than overflow into the
	 * stamp. The 40 bits left number seconds for 34,000 years.
	 */
	private static final int COUNT_BITS = 24;

	private static final long MAX_COUNT = (1L << COUNT_BITS) - 1;

	/**
	 * A slot's cells: failed statuses (this one), failures without an answer, and one per
	 * latency bucket. Attempts are the answers (the buckets' sum) plus the failures
	 * without one, and failures are the two failure cells: so a success, the common case,
	 * costs one compare-and-set.
	 */
	private static final int FAILED_ANSWERS = 0;

	private static final int UNANSWERED = 1;

	private static final int LATENCY = 2;

	private static final int CELLS_PER_SLOT = LATENCY + LatencyBuckets.COUNT;

	private final long origin;

	private final AtomicLongArray cells = new AtomicLongArray(SECONDS * CELLS_PER_SLOT);

	/**
	 * An empty window.
	 * @param origin the nano clock's value when the member was created: its second 0
	 */
	RecentTraffic(long origin) {
		this.origin = origin;
	}

	/**
	 * Counts an attempt that ended with a verdict; an abandoned one is not counted. Only
	 * an answer's latency is, since it says how fast the member serves: a refused
	 * connection or a reset is quick or arbitrary.
	 * @param now the nano clock now
	 * @param outcome how it ended
	 * @param latencyNanos how long it took
	 */
	void record(long now, Outcome outcome, long latencyNanos) {
		long second = second(now);
		int slot = (int) (second % SECONDS) * CELLS_PER_SLOT;
		switch (outcome) {
			case SUCCESS -> increment(slot + LATENCY + LatencyBuckets.index(latencyNanos), second);
			case FAILED_STATUS -> {
				increment(slot + LATENCY + LatencyBuckets.index(latencyNanos), second);
				increment(slot + FAILED_ANSWERS, second);
			}
			case CONNECT_FAILURE, FAILURE -> increment(slot + UNANSWERED, second);
			case ABANDONED -> {
			}
		}
	}

	private void increment(int index, long second) {
		for (;;) {
			long cell = this.cells.get(index);
			long stamp = cell >>> COUNT_BITS;
			long next;
			if (stamp == second) {
				if ((cell & MAX_COUNT) == MAX_COUNT) {
					return;
				}
				next = cell + 1;
			}
			else if (stamp < second) {
				next = (second << COUNT_BITS) | 1;
			}
			else {
				// A writer a minute late: its second has left the window already.
				return;
			}
			if (this.cells.compareAndSet(index, cell, next)) {
				return;
			}
		}
	}

	/**
	 * The last minute at this moment: {@link #summary(long, int)} over all 60 seconds.
	 * @param now the nano clock now
	 * @return the rates and latency percentiles
	 */
	Summary summary(long now) {
		return summary(now, SECONDS);
	}

	/**
	 * The last {@code seconds} completed seconds at this moment, the current one left out
	 * so that a second just begun does not bias the rates low (they are up to a second
	 * old). A member created more recently is measured over the completed seconds since
	 * its creation; before its first completed second, its rates are 0.
	 * @param now the nano clock now
	 * @param seconds the window, 1 to 60
	 * @return the rates and latency percentiles
	 */
	Summary summary(long now, int seconds) {
		if (seconds < 1 || seconds > SECONDS) {
			throw new IllegalArgumentException(
					"A traffic window must be 1 to " + SECONDS + " seconds, but was " + seconds + ".");
		}
		long current = second(now);
		long covered = Math.min(current, seconds);
		long answers = 0;
		long failedAnswers = 0;
		long unanswered = 0;
		long[] latencies = new long[LatencyBuckets.COUNT];
		for (int slot = 0; slot < SECONDS; slot++) {
			int base = slot * CELLS_PER_SLOT;
			failedAnswers += countIfRecent(base + FAILED_ANSWERS, current, seconds);
			unanswered += countIfRecent(base + UNANSWERED, current, seconds);
			for (int bucket = 0; bucket < LatencyBuckets.COUNT; bucket++) {
				long count = countIfRecent(base + LATENCY + bucket, current, seconds);
				latencies[bucket] += count;
				answers += count;
			}
		}
		long attempts = answers + unanswered;
		long failures = failedAnswers + unanswered;
		double divisor = Math.max(covered, 1);
		return new Summary(attempts / divisor, failures / divisor, percentileMillis(latencies, 50),
				percentileMillis(latencies, 99));
	}

	private long countIfRecent(int index, long current, int seconds) {
		long cell = this.cells.get(index);
		long age = current - (cell >>> COUNT_BITS);
		return (age >= 1 && age <= seconds) ? cell & MAX_COUNT : 0;
	}

	/**
	 * The nearest-rank percentile: the bound of the bucket holding the
	 * {@code ceil(percent / 100 * n)}-th smallest latency.
	 */
	private static OptionalDouble percentileMillis(long[] buckets, int percent) {
		long total = 0;
		for (long count : buckets) {
			total += count;
		}
		if (total == 0) {
			return OptionalDouble.empty();
		}
		long rank = (total * percent + 99) / 100;
		long seen = 0;
		for (int bucket = 0; bucket < buckets.length; bucket++) {
			seen += buckets[bucket];
			if (seen >= rank) {
				return OptionalDouble.of(LatencyBuckets.boundMicros(bucket) / 1000.0);
			}
		}
		return OptionalDouble.of(LatencyBuckets.boundMicros(buckets.length - 1) / 1000.0);
	}

	private long second(long now) {
		// The clock is monotonic; a value before the origin can only be a caller's
		// stale reading, which counts in second 0.
		return Math.max(0, now - this.origin) / NANOS_PER_SECOND;
	}

	/**
	 * One member's last minute.
	 *
	 * @param attemptsPerSecond attempts with a verdict (answered or failed) per second
	 * @param failuresPerSecond failed attempts per second
	 * @param p50Millis the median latency of the answered attempts, as the upper bound of
	 * its bucket; empty without answers
	 * @param p99Millis the 99th percentile, likewise
	 */
	record Summary(double attemptsPerSecond, double failuresPerSecond, OptionalDouble p50Millis,
			OptionalDouble p99Millis) {

	}

}
