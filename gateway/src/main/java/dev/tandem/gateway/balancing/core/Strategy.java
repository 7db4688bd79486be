package dev.tandem.gateway.balancing.core;

import java.util.random.RandomGenerator;

/**
 * How a {@link Balancer} chooses among the usable members of the serving tier, each
 * counted with its effective weight (its configured weight, reduced during slow start).
 * The strategies are the named factories below; configuration names them with
 * {@link #named(String)}.
 */
public sealed interface Strategy permits WeightedRoundRobin, LeastBusy, PowerOfTwoLatency, LeastTraffic {

	/**
	 * Smooth weighted round robin (nginx's algorithm): weights 1 and 5 give exactly 1 and
	 * 5 of every 6 new clients, interleaved.
	 * @return the strategy
	 */
	static Strategy weightedRoundRobin() {
		return WeightedRoundRobin.INSTANCE;
	}

	/**
	 * The member with the fewest in-flight requests per unit of weight; any tie is broken
	 * at random.
	 * @return the strategy
	 */
	static Strategy leastBusy() {
		return LeastBusy.INSTANCE;
	}

	/**
	 * Power of two choices on latency: two distinct members drawn uniformly, the one with
	 * the lower latency average times (in-flight + 1) per unit of weight wins.
	 * @return the strategy
	 */
	static Strategy p2cLatency() {
		return PowerOfTwoLatency.INSTANCE;
	}

	/**
	 * The member that transferred the fewest bytes per unit of weight; any tie is broken
	 * at random.
	 * @return the strategy
	 */
	static Strategy traffic() {
		return LeastTraffic.INSTANCE;
	}

	/**
	 * The strategy a configuration names.
	 * @param method one of {@code weighted-round-robin}, {@code least-busy},
	 * {@code p2c-latency}, {@code traffic}
	 * @return the strategy
	 * @throws IllegalArgumentException for any other name
	 */
	static Strategy named(String method) {
		if (method != null) {
			switch (method) {
				case WeightedRoundRobin.METHOD:
					return weightedRoundRobin();
				case LeastBusy.METHOD:
					return leastBusy();
				case PowerOfTwoLatency.METHOD:
					return p2cLatency();
				case LeastTraffic.METHOD:
					return traffic();
				default:
					break;
			}
		}
		throw new IllegalArgumentException(
				"Unknown balancing method '" + method + "'; use one of " + WeightedRoundRobin.METHOD + ", "
						+ LeastBusy.METHOD + ", " + PowerOfTwoLatency.METHOD + ", " + LeastTraffic.METHOD + ".");
	}

	/**
	 * The name configuration uses for this strategy.
	 * @return e.g. {@code weighted-round-robin}
	 */
	String method();

	/**
	 * The balancer's hook: a new picker holding this strategy's state for one balancer.
	 * Not for use outside this package.
	 * @param size how many members the balancer has
	 * @param random the balancer's random source
	 * @return the picker
	 */
	Picker newPicker(int size, RandomGenerator random);

}
