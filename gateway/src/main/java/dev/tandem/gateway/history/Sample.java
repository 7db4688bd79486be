package dev.tandem.gateway.history;

import dev.tandem.gateway.balancing.core.BalancerSnapshot;

/**
 * One member's figures at one tick, read from a balancer snapshot whose window is the
 * sample interval. A latency is {@code NaN} when the member answered nothing in it.
 */
record Sample(double requestsPerSecond, double errorsPerSecond, double latencyP50Millis, double latencyP99Millis,
		double effectiveWeight, int inFlight) {

	static Sample of(BalancerSnapshot.Member member) {
		return new Sample(member.requestsPerSecond(), member.errorsPerSecond(),
				member.latencyP50Millis().orElse(Double.NaN), member.latencyP99Millis().orElse(Double.NaN),
				member.effectiveWeight(), member.inFlight());
	}

}
