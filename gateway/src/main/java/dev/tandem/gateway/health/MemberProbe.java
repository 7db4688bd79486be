package dev.tandem.gateway.health;

import java.util.function.Function;

import dev.tandem.gateway.member.HealthCheck;
import reactor.core.publisher.Mono;

/**
 * Probes a target with the probe of its kind: HTTP or TCP.
 */
final class MemberProbe implements Function<HealthTarget, Mono<ProbeResult>> {

	private final Function<HealthTarget, Mono<ProbeResult>> http;

	private final Function<HealthTarget, Mono<ProbeResult>> tcp;

	MemberProbe(Function<HealthTarget, Mono<ProbeResult>> http, Function<HealthTarget, Mono<ProbeResult>> tcp) {
		this.http = http;
		this.tcp = tcp;
	}

	@Override
	public Mono<ProbeResult> apply(HealthTarget target) {
		return (target.type() == HealthCheck.Type.TCP) ? this.tcp.apply(target) : this.http.apply(target);
	}

}
