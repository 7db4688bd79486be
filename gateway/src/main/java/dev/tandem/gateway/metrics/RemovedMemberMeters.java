package dev.tandem.gateway.metrics;

import java.util.List;

import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.MembershipChange;
import dev.tandem.gateway.member.MembershipListener;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;

/**
 * Removes the per-member meters of a member that left the members (Spring Cloud
 * LoadBalancer's {@code loadbalancer.requests.*}, tagged with the member id as
 * {@code serviceInstance.instanceId}), so a removed member stops being scraped and its
 * series end instead of showing its last values forever. A member added again later gets
 * new meters on its first request.
 */
final class RemovedMemberMeters implements MembershipListener {

	static final String METER_PREFIX = "loadbalancer.requests.";

	static final String MEMBER_TAG = "serviceInstance.instanceId";

	private final MeterRegistry registry;

	RemovedMemberMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void membershipChanged(MembershipChange change) {
		for (Member removed : change.removed()) {
			List<Meter> meters = List.copyOf(Search.in(this.registry)
				.name((name) -> name.startsWith(METER_PREFIX))
				.tag(MEMBER_TAG, removed.id())
				.meters());
			meters.forEach(this.registry::remove);
		}
	}

}
