package dev.tandem.gateway.history;

import java.util.ArrayList;
import java.util.List;

/**
 * One member's last {@code capacity} state changes, oldest dropped first. A member that
 * flaps keeps only its recent changes, so the memory stays fixed. Not thread-safe:
 * {@link TrafficHistory} guards it.
 */
final class TransitionRing {

	private final HistorySnapshot.Transition[] transitions;

	private long appended;

	TransitionRing(int capacity) {
		this.transitions = new HistorySnapshot.Transition[capacity];
	}

	void append(HistorySnapshot.Transition transition) {
		this.transitions[(int) (this.appended % this.transitions.length)] = transition;
		this.appended++;
	}

	/**
	 * The kept transitions after a time, oldest first.
	 * @param since epoch millis; transitions at or before it are left out
	 * @return a new list
	 */
	List<HistorySnapshot.Transition> after(long since) {
		long kept = Math.min(this.appended, this.transitions.length);
		List<HistorySnapshot.Transition> after = new ArrayList<>((int) kept);
		for (long i = this.appended - kept; i < this.appended; i++) {
			HistorySnapshot.Transition transition = this.transitions[(int) (i % this.transitions.length)];
			if (transition.time() > since) {
				after.add(transition);
			}
		}
		return after;
	}

}
