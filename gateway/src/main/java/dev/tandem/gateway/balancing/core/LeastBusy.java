package dev.tandem.gateway.balancing.core;

import java.util.random.RandomGenerator;

/**
 * The member with the fewest in-flight requests per unit of effective weight; ties are
 * broken by the random source.
 */
final class LeastBusy implements Strategy {

	static final String METHOD = "least-busy";

	static final LeastBusy INSTANCE = new LeastBusy();

	private LeastBusy() {
	}

	@Override
	public String method() {
		return METHOD;
	}

	@Override
	public Picker newPicker(int size, RandomGenerator random) {
		return new Lowest(MemberCounters::inFlight, random);
	}

	@Override
	public String toString() {
		return METHOD;
	}

}
