package dev.tandem.gateway.balancing.core;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import dev.tandem.gateway.member.AdminState;

/**
 * What a {@link Balancer} knows at one moment, for the health endpoint, metrics and the
 * dashboard: immutable, in configuration order.
 *
 * @param strategy the configured strategy's name
 * @param servingTier the tier now taking new clients, or -1 when no member is usable
 * (then panic mode, if on, serves)
 * @param members every member, in configuration order
 * @param groupStrategies the strategy's name of each group that has a policy of its own
 * ({@link BalancingPolicy#groups()}), in the policy's order; the other groups use
 * {@code strategy}
 */
public record BalancerSnapshot(String strategy, int servingTier, List<Member> members,
		Map<String, String> groupStrategies) {

	public BalancerSnapshot {
		members = List.copyOf(members);
		groupStrategies = (groupStrategies != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(groupStrategies))
				: Map.of();
	}

	/**
	 * A snapshot of a balancer without group policies.
	 * @param strategy the configured strategy's name
	 * @param servingTier the tier now taking new clients, or -1
	 * @param members every member, in configuration order
	 */
	public BalancerSnapshot(String strategy, int servingTier, List<Member> members) {
		this(strategy, servingTier, members, Map.of());
	}

	/**
	 * The member with this id.
	 * @param id the member id
	 * @return the member, empty when the balancer has no such member
	 */
	public Optional<Member> member(String id) {
		for (Member member : this.members) {
			if (member.spec().id().equals(id)) {
				return Optional.of(member);
			}
		}
		return Optional.empty();
	}

	/**
	 * One member at the snapshot's moment.
	 *
	 * @param spec id, current weight (after runtime changes) and tier
	 * @param adminState what the operator set
	 * @param ready whether active health checks (or nothing yet) say it may serve
	 * @param ejected whether passive ejection keeps it out now
	 * @param ejectionRemaining how long it stays ejected, zero when not ejected
	 * @param effectiveWeight the weight strategies use now: the configured weight, less
	 * during slow start
	 * @param inFlight attempts sent and not finished
	 * @param ewmaLatencyNanos latency average in nanoseconds (alpha = 1/4 per answer),
	 * empty before the first answer
	 * @param bytes bytes transferred through it
	 * @param consecutiveFailures failed attempts since the last success or ejection
	 * @param state one word for display: {@code up}, {@code slow-start}, {@code idle}
	 * (weight 0), {@code draining}, {@code ejected}, {@code down} (not ready) or
	 * {@code disabled}, the most severe that applies
	 * @param requestsPerSecond attempts that ended with a verdict (answered or failed,
	 * not abandoned) per second over the snapshot's window, the last 60 completed seconds
	 * unless asked for fewer; over the completed seconds since the member was added when
	 * that was more recent, 0 before the first
	 * @param errorsPerSecond failed attempts per second over the same seconds
	 * @param latencyP50Millis the median latency of the answered attempts over the same
	 * seconds, in milliseconds, as the upper bound of its bucket (two buckets per power
	 * of two, so at most 1.5 times the true value; 67108.864 means that or more); empty
	 * without answers
	 * @param latencyP99Millis the 99th percentile, likewise
	 * @param stickyClients the estimated number of distinct clients that reached the
	 * member through affinity within the policy's sticky-client window (or up to a sixth
	 * of it more), about 3% off
	 */
	public record Member(MemberSpec spec, AdminState adminState, boolean ready, boolean ejected,
			Duration ejectionRemaining, double effectiveWeight, int inFlight, OptionalLong ewmaLatencyNanos, long bytes,
			int consecutiveFailures, String state, double requestsPerSecond, double errorsPerSecond,
			OptionalDouble latencyP50Millis, OptionalDouble latencyP99Millis, long stickyClients) {

	}

}
