package dev.tandem.gateway.balancing.core;

import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Power of two choices on latency: two distinct candidates drawn uniformly at random, and
 * the one with the lower cost wins, cost = (latency average + 1 ns) × (in-flight + 1) ÷
 * effective weight. A member without a latency sample yet counts as 0 ns, so it is
 * preferred over any member that has answered, yet a flood of new requests to it still
 * raises its cost through the in-flight factor. Uniform draws keep a slow member in the
 * race so that its average can recover; the weight acts through the cost. With one
 * candidate, it is chosen.
 */
final class PowerOfTwoLatency implements Strategy {

	static final String METHOD = "p2c-latency";

	static final PowerOfTwoLatency INSTANCE = new PowerOfTwoLatency();

	private PowerOfTwoLatency() {
	}

	@Override
	public String method() {
		return METHOD;
	}

	@Override
	public Picker newPicker(int size, RandomGenerator random) {
		return new TwoChoices(random);
	}

	@Override
	public String toString() {
		return METHOD;
	}

	static double cost(Roster roster, int position, long now) {
		MemberCounters counters = roster.member(position).counters;
		long latency = Math.max(0, counters.ewmaNanos());
		return (latency + 1.0) * (counters.inFlight() + 1.0) / roster.effectiveWeight(position, now);
	}

	private static final class TwoChoices implements Picker {

		private final RandomGenerator random;

		TwoChoices(RandomGenerator random) {
			this.random = random;
		}

		@Override
		public int pick(Roster roster, int from, int to, Set<String> excluded, long now) {
			// Usually the whole tier is usable and nothing excluded: then the n-th
			// candidate is the n-th position, no scan needed.
			boolean dense = excluded == null && roster.takingNewInTier(from) == to - from;
			int count = dense ? to - from : count(roster, from, to, excluded);
			if (count <= 1) {
				return (count == 0) ? -1 : nth(roster, from, to, excluded, dense, 0);
			}
			int first = this.random.nextInt(count);
			int second = this.random.nextInt(count - 1);
			if (second >= first) {
				second++;
			}
			int a = nth(roster, from, to, excluded, dense, first);
			int b = nth(roster, from, to, excluded, dense, second);
			return (cost(roster, b, now) < cost(roster, a, now)) ? b : a;
		}

		private static int count(Roster roster, int from, int to, Set<String> excluded) {
			int count = 0;
			for (int position = from; position < to; position++) {
				if (roster.candidate(position, excluded)) {
					count++;
				}
			}
			return count;
		}

		private static int nth(Roster roster, int from, int to, Set<String> excluded, boolean dense, int wanted) {
			if (dense) {
				return from + wanted;
			}
			int seen = 0;
			for (int position = from; position < to; position++) {
				if (roster.candidate(position, excluded) && seen++ == wanted) {
					return position;
				}
			}
			return -1;
		}

	}

}
