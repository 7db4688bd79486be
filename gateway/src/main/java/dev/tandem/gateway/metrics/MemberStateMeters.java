package dev.tandem.gateway.metrics;

import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import dev.tandem.gateway.balancing.core.BalancerSnapshot;
import dev.tandem.gateway.member.AdminState;
import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.MembershipChange;
import dev.tandem.gateway.member.MembershipListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.search.Search;

/**
 * Each member's state as gauges, beside the request meters, so a Grafana panel can show
 * what the dashboard shows: {@code tandem.gateway.member.health} (1 when the checks pass
 * and it is not ejected), {@code tandem.gateway.member.admin.state} (1 for the admin
 * state it is in, 0 for the other two, tagged {@code state}), and its configured and
 * effective weights. The gauges follow the member model: a member added gets them, one
 * removed loses them. A scrape reads the balancer once, not once per gauge.
 */
final class MemberStateMeters implements MembershipListener {

	static final String PREFIX = "tandem.gateway.member.";

	static final String MEMBER_TAG = "member";

	/** Gauges of one scrape read one snapshot: a scrape takes well under this. */
	private static final long SNAPSHOT_REUSE_NANOS = 1_000_000_000L;

	private final MeterRegistry registry;

	private final Supplier<BalancerSnapshot> balancer;

	private final LongSupplier nanoClock;

	private volatile Reading last;

	MemberStateMeters(MeterRegistry registry, Supplier<BalancerSnapshot> balancer, LongSupplier nanoClock) {
		this.registry = registry;
		this.balancer = balancer;
		this.nanoClock = nanoClock;
	}

	/**
	 * Registers the gauges of the members there are at start.
	 * @param members the members
	 */
	void register(List<Member> members) {
		members.forEach((member) -> register(member.id()));
	}

	@Override
	public void membershipChanged(MembershipChange change) {
		change.added().forEach((member) -> register(member.id()));
		for (Member removed : change.removed()) {
			List.copyOf(Search.in(this.registry)
				.name((name) -> name.startsWith(PREFIX))
				.tag(MEMBER_TAG, removed.id())
				.meters()).forEach(this.registry::remove);
		}
	}

	private void register(String id) {
		Tags member = Tags.of(MEMBER_TAG, id);
		gauge("health", member, id, (state) -> (state.ready() && !state.ejected()) ? 1 : 0,
				"1 when the member's health checks pass and it is not ejected, else 0");
		for (AdminState admin : AdminState.values()) {
			gauge("admin.state", member.and("state", admin.configName()), id,
					(state) -> (state.adminState() == admin) ? 1 : 0,
					"1 for the admin state the member is in (active, draining, disabled), else 0");
		}
		gauge("weight", member, id, (state) -> state.spec().weight(), "The member's weight as set now");
		gauge("effective.weight", member, id, BalancerSnapshot.Member::effectiveWeight,
				"The weight new clients are shared by now: lower while slow start ramps");
	}

	private void gauge(String name, Tags tags, String id, ToDoubleFunction<BalancerSnapshot.Member> value,
			String description) {
		Gauge.builder(PREFIX + name, this, (meters) -> meters.read(id, value))
			.tags(tags)
			.description(description)
			.register(this.registry);
	}

	private double read(String id, ToDoubleFunction<BalancerSnapshot.Member> value) {
		return snapshot().member(id).map(value::applyAsDouble).orElse(Double.NaN);
	}

	private BalancerSnapshot snapshot() {
		long now = this.nanoClock.getAsLong();
		Reading reading = this.last;
		if (reading == null || now - reading.at() > SNAPSHOT_REUSE_NANOS) {
			reading = new Reading(this.balancer.get(), now);
			this.last = reading;
		}
		return reading.snapshot();
	}

	private record Reading(BalancerSnapshot snapshot, long at) {

	}

}
