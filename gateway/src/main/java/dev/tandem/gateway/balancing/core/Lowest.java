package dev.tandem.gateway.balancing.core;

import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Picks the candidate with the lowest load per unit of effective weight, breaking ties at
 * random so that equally loaded members share the traffic instead of the first taking it
 * all. The load is what distinguishes {@link LeastBusy} from {@link LeastTraffic}.
 */
final class Lowest implements Picker {

	/**
	 * A member's load; implementations are stateless, so no lambda is allocated per pick.
	 */
	interface Load {

		double of(MemberCounters counters);

	}

	private final Load load;

	private final RandomGenerator random;

	Lowest(Load load, RandomGenerator random) {
		this.load = load;
		this.random = random;
	}

	@Override
	public int pick(Roster roster, int from, int to, Set<String> excluded, long now) {
		int best = -1;
		double bestLoad = 0;
		double bestWeight = 1;
		int ties = 0;
		for (int position = from; position < to; position++) {
			if (!roster.candidate(position, excluded)) {
				continue;
			}
			double load = this.load.of(roster.member(position).counters);
			double weight = roster.effectiveWeight(position, now);
			// load / weight < bestLoad / bestWeight without dividing: weights are > 0.
			double mine = load * bestWeight;
			double theirs = bestLoad * weight;
			if (best < 0 || mine < theirs) {
				best = position;
				bestLoad = load;
				bestWeight = weight;
				ties = 1;
			}
			else if (mine == theirs && this.random.nextInt(++ties) == 0) {
				// Reservoir sampling: every tied member ends up equally likely.
				best = position;
			}
		}
		return best;
	}

}
