package dev.tandem.gateway.balancing;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.balancing.core.BalancerSnapshot;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;

/**
 * The {@code balancer} component of the gateway's {@code /actuator/health}: what the
 * balancer makes of every member now (health checks, passive ejection, admin state and
 * slow start together), with the serving tier and the balancing method (each group's own
 * under {@code groupMethods}, when a group has one). DOWN when no member is usable, which
 * is when panic mode (if on) takes over; like {@code members}, it is not part of
 * readiness.
 */
final class BalancerHealthIndicator implements ReactiveHealthIndicator {

	private final Balancer balancer;

	BalancerHealthIndicator(Balancer balancer) {
		this.balancer = balancer;
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromSupplier(() -> health(this.balancer.snapshot()));
	}

	static Health health(BalancerSnapshot snapshot) {
		Health.Builder builder = (snapshot.servingTier() >= 0) ? Health.up() : Health.down();
		builder.withDetail("method", snapshot.strategy()).withDetail("servingTier", snapshot.servingTier());
		if (!snapshot.groupStrategies().isEmpty()) {
			builder.withDetail("groupMethods", snapshot.groupStrategies());
		}
		for (BalancerSnapshot.Member member : snapshot.members()) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("state", member.state());
			details.put("tier", member.spec().tier());
			details.put("weight", member.spec().weight());
			details.put("effectiveWeight", Math.round(member.effectiveWeight() * 100) / 100.0);
			details.put("admin", member.adminState().name().toLowerCase());
			details.put("inFlight", member.inFlight());
			member.ewmaLatencyNanos().ifPresent((nanos) -> details.put("latencyMillis", nanos / 1_000_000.0));
			details.put("consecutiveFailures", member.consecutiveFailures());
			if (member.ejected()) {
				details.put("ejectionRemaining", member.ejectionRemaining().toString());
			}
			builder.withDetail(member.spec().id(), details);
		}
		return builder.build();
	}

}
