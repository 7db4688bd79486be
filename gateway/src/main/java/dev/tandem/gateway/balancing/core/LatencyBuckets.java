package dev.tandem.gateway.balancing.core;

/**
 * Fixed log-scale latency buckets, two per power of two of microseconds, from below 128
 * µs to 67 s and above: 40 buckets whose upper bound is at most 1.5 times their lower
 * bound. The bucket of a latency takes a division by a constant and a leading-zero count,
 * no floating point, so the hot path can afford it.
 */
final class LatencyBuckets {

	/** How many buckets there are. */
	static final int COUNT = 40;

	/** Bucket 0 holds everything below 2^7 µs (128 µs). */
	private static final int FIRST_OCTAVE = 7;

	/** The last bucket holds everything from 2^26 µs (about 67 s) on. */
	private static final int OVERFLOW_OCTAVE = 26;

	private LatencyBuckets() {
	}

	/**
	 * The bucket of a latency. Octave {@code k} (latencies in [2^k, 2^(k+1)) µs) has two
	 * buckets, split at 1.5 * 2^k by the bit just below the highest one.
	 * @param latencyNanos the latency, negative counting as zero
	 * @return the bucket, {@code 0} to {@code COUNT - 1}
	 */
	static int index(long latencyNanos) {
		long micros = latencyNanos / 1000;
		if (micros < (1L << FIRST_OCTAVE)) {
			return 0;
		}
		int octave = 63 - Long.numberOfLeadingZeros(micros);
		if (octave >= OVERFLOW_OCTAVE) {
			return COUNT - 1;
		}
		int upperHalf = (int) (micros >>> (octave - 1)) & 1;
		return 1 + ((octave - FIRST_OCTAVE) << 1) + upperHalf;
	}

	/**
	 * The upper bound of a bucket, which a percentile in it is reported as; for the last
	 * bucket, which has none, its lower bound (about 67 s).
	 * @param index the bucket
	 * @return the bound in microseconds
	 */
	static long boundMicros(int index) {
		if (index == 0) {
			return 1L << FIRST_OCTAVE;
		}
		if (index == COUNT - 1) {
			return 1L << OVERFLOW_OCTAVE;
		}
		int octave = FIRST_OCTAVE + ((index - 1) >> 1);
		boolean upperHalf = ((index - 1) & 1) == 1;
		return upperHalf ? 1L << (octave + 1) : 3L << (octave - 1);
	}

}
