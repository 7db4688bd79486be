package dev.tandem.gateway.history;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import dev.tandem.gateway.balancing.core.BalancerSnapshot;
import dev.tandem.gateway.balancing.core.MemberSpec;
import dev.tandem.gateway.member.AdminState;

/** Balancer snapshots made up for the history's tests: plumbing in one place. */
final class Snapshots {

	private Snapshots() {
	}

	static BalancerSnapshot of(BalancerSnapshot.Member... members) {
		return new BalancerSnapshot("weighted-round-robin", 0, List.of(members));
	}

	/** An up member serving this many requests a second, answers at 1.024 ms. */
	static BalancerSnapshot.Member member(String id, double requestsPerSecond) {
		return member(id, "up", requestsPerSecond);
	}

	static BalancerSnapshot.Member member(String id, String state, double requestsPerSecond) {
		OptionalDouble latency = (requestsPerSecond > 0) ? OptionalDouble.of(1.024) : OptionalDouble.empty();
		return new BalancerSnapshot.Member(new MemberSpec(id, 1, 0), AdminState.ACTIVE, true, false, Duration.ZERO, 1.0,
				2, OptionalLong.empty(), 0, 0, state, requestsPerSecond, 0.0, latency, latency, 0);
	}

}
