package dev.tandem.gateway.balancing.core;

import java.util.Arrays;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Smooth weighted round robin, nginx's algorithm: every pick adds each candidate's
 * effective weight to its running score, takes the highest score (the first on a tie) and
 * takes the total off it. Weights 1 and 5 give B B A B B B: exactly the ratio in every
 * cycle, never a burst. The scores start again from zero whenever the set of usable
 * members changes; a member excluded by one request just sits that pick out, as nginx
 * does for peers already tried.
 */
final class WeightedRoundRobin implements Strategy {

	static final String METHOD = "weighted-round-robin";

	static final WeightedRoundRobin INSTANCE = new WeightedRoundRobin();

	private WeightedRoundRobin() {
	}

	@Override
	public String method() {
		return METHOD;
	}

	@Override
	public Picker newPicker(int size, RandomGenerator random) {
		return new Smooth(size);
	}

	@Override
	public String toString() {
		return METHOD;
	}

	/**
	 * The scores of one balancer. A short lock over a small array: the exact ratio needs
	 * every pick to see the previous one, and an uncontended monitor costs no more than a
	 * few nanoseconds.
	 */
	private static final class Smooth implements Picker {

		private final long[] score;

		/** The usable members the scores were built for. */
		private final boolean[] usable;

		private int usableCount;

		/** The roster last checked: the usable set can only change with it. */
		private Roster checkedRoster;

		Smooth(int size) {
			this.score = new long[size];
			this.usable = new boolean[size];
		}

		@Override
		public synchronized int pick(Roster roster, int from, int to, Set<String> excluded, long now) {
			restartIfUsableSetChanged(roster);
			long total = 0;
			int best = -1;
			for (int position = from; position < to; position++) {
				if (!roster.candidate(position, excluded)) {
					continue;
				}
				long weight = roster.effectiveWeight(position, now);
				this.score[position] += weight;
				total += weight;
				if (best < 0 || this.score[position] > this.score[best]) {
					best = position;
				}
			}
			if (best >= 0) {
				this.score[best] -= total;
			}
			return best;
		}

		// Over every tier, not only the serving one: requests of two groups of members
		// may be served by different tiers, one after the other, and must not restart
		// each other's scores. A change of serving tier changes the usable set too.
		private void restartIfUsableSetChanged(Roster roster) {
			if (roster == this.checkedRoster) {
				return;
			}
			this.checkedRoster = roster;
			// Same size and every usable member was usable before: the same set.
			int count = 0;
			boolean same = true;
			for (int position = 0; position < roster.size(); position++) {
				if (roster.member(position).takesNew) {
					count++;
					same &= this.usable[position];
				}
			}
			if (same && count == this.usableCount) {
				return;
			}
			Arrays.fill(this.score, 0);
			Arrays.fill(this.usable, false);
			for (int position = 0; position < roster.size(); position++) {
				this.usable[position] = roster.member(position).takesNew;
			}
			this.usableCount = count;
		}

	}

}
