package dev.tandem.gateway.balancing.core;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * An estimate of how many distinct clients reached one member through affinity within a
 * sliding window, in bounded memory: a HyperLogLog sketch (Flajolet, Fusy, Gandouet and
 * Meunier, "HyperLogLog: the analysis of a near-optimal cardinality estimation
 * algorithm", AofA 2007) of 2^10 registers, standard error 1.04 / sqrt(1024) = 3.3%, per
 * sixth of the window. Reading merges the sketches of the current sixth and the six
 * before it (the register-wise maximum is the sketch of the union), so a client counts
 * from its request until between one window and seven sixths of one later.
 *
 * <p>
 * Each register is an int holding the number of the period it belongs to above its rank,
 * so a register of a stale period counts as empty and is taken over by the first writer
 * of the new period with the same compare-and-set that raises it: no lock, no reset pass
 * racing with writers, no lost update (a failed compare-and-set retries). Adding a client
 * allocates nothing; the sketches take 7 * 1024 ints, 28 KB, per member.
 */
final class StickyClients {

	/** Index bits: 2^10 registers per period. */
	private static final int P = 10;

	private static final int REGISTERS = 1 << P;

	/** The window is split in this many periods. */
	static final int PERIODS = 6;

	/** The current period, partly over, and the six full ones before it. */
	private static final int SLOTS = PERIODS + 1;

	/** A rank is at most 64 - P + 1 = 55: six bits. */
	private static final int RANK_BITS = 6;

	private static final int RANK_MASK = (1 << RANK_BITS) - 1;

	/**
	 * A period's number in a register is kept modulo 2^26; compared by masked
	 * subtraction, it wraps after 2^26 periods (640 years for a 30-minute window).
	 */
	private static final int STAMP_MASK = (1 << (32 - RANK_BITS)) - 1;

	/** SplitMix64's golden-ratio increment: keeps key 0 away from hash 0. */
	private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

	private final long origin;

	private final long periodNanos;

	private final AtomicIntegerArray registers = new AtomicIntegerArray(SLOTS * REGISTERS);

	/**
	 * An empty estimate.
	 * @param origin the nano clock's value when the member was created
	 * @param windowNanos the window, at least {@link #PERIODS} nanoseconds
	 */
	StickyClients(long origin, long windowNanos) {
		this.origin = origin;
		this.periodNanos = Math.max(1, windowNanos / PERIODS);
	}

	/**
	 * A client reached the member through affinity.
	 * @param now the nano clock now
	 * @param clientKey identifies the client: equal for one client, distinct for distinct
	 * clients but for rare collisions; it need not be well mixed
	 */
	void add(long now, long clientKey) {
		long hash = mix(clientKey + GOLDEN_GAMMA);
		int register = (int) (hash >>> (64 - P));
		// The position of the first 1 in the 54 bits left, 55 when they are all 0.
		int rank = Long.numberOfLeadingZeros((hash << P) | (1L << (P - 1))) + 1;
		long period = period(now);
		int stamp = (int) period & STAMP_MASK;
		int index = (int) (period % SLOTS) * REGISTERS + register;
		int wanted = (stamp << RANK_BITS) | rank;
		for (;;) {
			int cell = this.registers.get(index);
			int age = (stamp - (cell >>> RANK_BITS)) & STAMP_MASK;
			if (age == 0 && (cell & RANK_MASK) >= rank) {
				return;
			}
			if (age > STAMP_MASK / 2) {
				// A writer several periods late: the register belongs to a later period.
				return;
			}
			if (this.registers.compareAndSet(index, cell, wanted)) {
				return;
			}
		}
	}

	/**
	 * The estimated number of distinct clients in the window at this moment.
	 * @param now the nano clock now
	 * @return the estimate, rounded; 0 when no client came
	 */
	long estimate(long now) {
		long period = period(now);
		int stamp = (int) period & STAMP_MASK;
		int[] merged = new int[REGISTERS];
		for (int slot = 0; slot < SLOTS; slot++) {
			int base = slot * REGISTERS;
			for (int register = 0; register < REGISTERS; register++) {
				int cell = this.registers.get(base + register);
				int age = (stamp - (cell >>> RANK_BITS)) & STAMP_MASK;
				if (age < SLOTS) {
					merged[register] = Math.max(merged[register], cell & RANK_MASK);
				}
			}
		}
		return Math.round(estimate(merged));
	}

	/**
	 * The HyperLogLog estimate of the paper's Figure 3, with its small-range correction
	 * (linear counting over the empty registers) below 5/2 m. Its large-range correction
	 * is left out: it corrects for collisions of a 32-bit hash, and this one has 64 bits.
	 */
	static double estimate(int[] registers) {
		int m = registers.length;
		double sum = 0;
		int empty = 0;
		for (int rank : registers) {
			sum += Math.scalb(1.0, -rank);
			if (rank == 0) {
				empty++;
			}
		}
		double alpha = 0.7213 / (1 + 1.079 / m);
		double raw = alpha * m * m / sum;
		if (raw <= 2.5 * m && empty > 0) {
			return m * Math.log((double) m / empty);
		}
		return raw;
	}

	/**
	 * A bijective 64-bit finalizer, so that keys that differ in a few bits (addresses,
	 * sequential ids) spread over every register and rank: Stafford's "Mix13" variant of
	 * MurmurHash3's finalizer, as SplitMix64 uses it (Steele, Lea and Flood, "Fast
	 * splittable pseudorandom number generators", OOPSLA 2014).
	 */
	static long mix(long key) {
		long z = key;
		z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
		z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
		return z ^ (z >>> 31);
	}

	private long period(long now) {
		return Math.max(0, now - this.origin) / this.periodNanos;
	}

}
