package dev.tandem.gateway.balancing.core;

import java.util.random.RandomGenerator;

/**
 * The member that transferred the fewest bytes per unit of effective weight since the
 * balancer started; ties are broken by the random source.
 */
final class LeastTraffic implements Strategy {

	static final String METHOD = "traffic";

	static final LeastTraffic INSTANCE = new LeastTraffic();

	private LeastTraffic() {
	}

	@Override
	public String method() {
		return METHOD;
	}

	@Override
	public Picker newPicker(int size, RandomGenerator random) {
		return new Lowest(MemberCounters::bytes, random);
	}

	@Override
	public String toString() {
		return METHOD;
	}

}
