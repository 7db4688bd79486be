package dev.tandem.gateway.history;

/**
 * The times of the last {@code capacity} ticks, in a fixed ring: the slot a tick gets
 * here is the slot every member's sample of that tick takes in its own series, so one
 * index reads one moment across all members. Tick times only increase; a tick not after
 * the last one is refused, so a timer that fires twice for one moment cannot make two
 * columns of it. Not thread-safe: {@link TrafficHistory} guards it.
 */
final class TickRing {

	private final long[] times;

	/** Ticks ever appended; the newest is in slot {@code (appended - 1) % capacity}. */
	private long appended;

	TickRing(int capacity) {
		this.times = new long[capacity];
	}

	int capacity() {
		return this.times.length;
	}

	/**
	 * Adds a tick, taking the place of the oldest once the ring is full.
	 * @param time the tick's time, epoch millis
	 * @return its slot, or -1 when the time is not after the newest tick's
	 */
	int append(long time) {
		if (this.appended > 0 && time <= this.times[slot(this.appended - 1)]) {
			return -1;
		}
		int slot = slot(this.appended);
		this.times[slot] = time;
		this.appended++;
		return slot;
	}

	/**
	 * The slots of the ticks after a time, oldest first.
	 * @param since epoch millis; ticks at or before it are left out
	 * @return the slots, in time order
	 */
	int[] slotsAfter(long since) {
		long kept = Math.min(this.appended, this.times.length);
		long first = this.appended - kept;
		// Times increase, so the ticks after 'since' are a suffix of the ring.
		while (first < this.appended && this.times[slot(first)] <= since) {
			first++;
		}
		int[] slots = new int[(int) (this.appended - first)];
		for (int i = 0; i < slots.length; i++) {
			slots[i] = slot(first + i);
		}
		return slots;
	}

	long time(int slot) {
		return this.times[slot];
	}

	private int slot(long tick) {
		return (int) (tick % this.times.length);
	}

}
