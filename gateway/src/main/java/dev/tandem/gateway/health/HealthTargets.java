package dev.tandem.gateway.health;

import java.util.Map;
import java.util.function.Function;

import dev.tandem.gateway.member.HealthCheck;
import dev.tandem.gateway.member.Member;

/**
 * Turns a member into what its probes check: the member's own configured check when it
 * has one, otherwise an HTTP check of the global path expecting a 2xx (a member added
 * through the admin API).
 */
final class HealthTargets implements Function<Member, HealthTarget> {

	private final Map<String, HealthCheck> checks;

	private final String globalPath;

	HealthTargets(Map<String, HealthCheck> checks, String globalPath) {
		this.checks = Map.copyOf(checks);
		this.globalPath = globalPath;
	}

	@Override
	public HealthTarget apply(Member member) {
		return HealthTarget.of(member, this.checks.getOrDefault(member.id(), HealthCheck.DEFAULT), this.globalPath);
	}

}
