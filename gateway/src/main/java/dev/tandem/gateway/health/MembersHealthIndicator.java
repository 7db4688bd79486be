package dev.tandem.gateway.health;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;

/**
 * The {@code members} component of the gateway's {@code /actuator/health}: UP while at
 * least one member passes its checks, DOWN only when none does, with each member's state,
 * last reason and last check as details. It reads the checker's snapshot and never
 * probes, and it is not part of the readiness group: the gateway must be ready before its
 * members are.
 */
class MembersHealthIndicator implements ReactiveHealthIndicator {

	private final ActiveHealthChecker checker;

	MembersHealthIndicator(ActiveHealthChecker checker) {
		this.checker = checker;
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromSupplier(() -> health(this.checker.snapshot()));
	}

	static Health health(MemberHealthSnapshot snapshot) {
		Health.Builder builder = snapshot.anyUp() ? Health.up() : Health.down();
		for (MemberHealth member : snapshot.members()) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("state", member.up() ? "UP" : "DOWN");
			details.put("lastReason", member.lastReason());
			if (member.lastCheck() != null) {
				details.put("lastCheck", member.lastCheck().toString());
			}
			details.put("consecutivePasses", member.consecutivePasses());
			details.put("consecutiveFailures", member.consecutiveFailures());
			builder.withDetail(member.memberId(), details);
		}
		return builder.build();
	}

}
