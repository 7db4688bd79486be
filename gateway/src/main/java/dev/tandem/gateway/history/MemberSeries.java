package dev.tandem.gateway.history;

import java.util.Arrays;

/**
 * One member's samples in primitive arrays as long as the {@link TickRing}, each index
 * the tick of the same slot there. A slot without a sample (before the member existed, or
 * a tick it missed) holds {@code NaN}, and {@code -1} for the in-flight count. Not
 * thread-safe: {@link TrafficHistory} guards it.
 */
final class MemberSeries {

	static final int NO_COUNT = -1;

	private final double[] requestsPerSecond;

	private final double[] errorsPerSecond;

	private final double[] latencyP50Millis;

	private final double[] latencyP99Millis;

	private final double[] effectiveWeight;

	private final int[] inFlight;

	MemberSeries(int capacity) {
		this.requestsPerSecond = empty(capacity);
		this.errorsPerSecond = empty(capacity);
		this.latencyP50Millis = empty(capacity);
		this.latencyP99Millis = empty(capacity);
		this.effectiveWeight = empty(capacity);
		this.inFlight = new int[capacity];
		Arrays.fill(this.inFlight, NO_COUNT);
	}

	private static double[] empty(int capacity) {
		double[] values = new double[capacity];
		Arrays.fill(values, Double.NaN);
		return values;
	}

	void write(int slot, Sample sample) {
		this.requestsPerSecond[slot] = sample.requestsPerSecond();
		this.errorsPerSecond[slot] = sample.errorsPerSecond();
		this.latencyP50Millis[slot] = sample.latencyP50Millis();
		this.latencyP99Millis[slot] = sample.latencyP99Millis();
		this.effectiveWeight[slot] = sample.effectiveWeight();
		this.inFlight[slot] = sample.inFlight();
	}

	/** The slot's tick passed without a sample of this member. */
	void clear(int slot) {
		this.requestsPerSecond[slot] = Double.NaN;
		this.errorsPerSecond[slot] = Double.NaN;
		this.latencyP50Millis[slot] = Double.NaN;
		this.latencyP99Millis[slot] = Double.NaN;
		this.effectiveWeight[slot] = Double.NaN;
		this.inFlight[slot] = NO_COUNT;
	}

	Sample read(int slot) {
		return new Sample(this.requestsPerSecond[slot], this.errorsPerSecond[slot], this.latencyP50Millis[slot],
				this.latencyP99Millis[slot], this.effectiveWeight[slot], this.inFlight[slot]);
	}

}
