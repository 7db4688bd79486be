package dev.tandem.gateway.health;

import java.util.List;
import java.util.Map;

import dev.tandem.gateway.member.HealthCheck;
import dev.tandem.gateway.member.HealthCheck.Type;
import dev.tandem.gateway.member.Members;
import dev.tandem.gateway.member.MembersProperties;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Assembles the active health checks: one shared HTTP probe and a TCP probe, each
 * member's own check (from {@code tandem.gateway.members[i].health}), the checker that
 * schedules it per member and follows the member model, its lifecycle, and the
 * {@code members} health indicator. Transitions and every probe's snapshot go to every
 * {@link MemberHealthListener} bean; the witness's is the one that tells the balancer.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HealthProperties.class)
class HealthCheckConfiguration {

	@Bean
	HttpHealthProbe httpHealthProbe(HealthProperties health, Members members) {
		HttpHealthProbe probe = new HttpHealthProbe(health.timeout(), members.current().size());
		if (health.enabled()) {
			probe.warmup();
		}
		return probe;
	}

	@Bean
	TcpHealthProbe tcpHealthProbe(HealthProperties health, ObjectProvider<MembersProperties> configured) {
		TcpHealthProbe probe = new TcpHealthProbe(health.timeout());
		if (health.enabled()
				&& configuredChecks(configured).values().stream().anyMatch((check) -> check.type() == Type.TCP)) {
			probe.warmup();
		}
		return probe;
	}

	@Bean
	ActiveHealthChecker activeHealthChecker(Members members, ObjectProvider<MembersProperties> configured,
			HealthProperties health, HttpHealthProbe httpProbe, TcpHealthProbe tcpProbe,
			ObjectProvider<MemberHealthListener> listeners) {
		HealthTargets targetOf = new HealthTargets(configuredChecks(configured), health.path());
		List<HealthTarget> targets = members.current().members().stream().map(targetOf).toList();
		List<MemberHealthListener> all = listeners.orderedStream().toList();
		MemberHealthListener listener = new MemberHealthListener() {

			@Override
			public void healthChanged(String memberId, boolean ready, String reason) {
				all.forEach((each) -> each.healthChanged(memberId, ready, reason));
			}

			@Override
			public void probed(MemberHealthSnapshot snapshot) {
				all.forEach((each) -> each.probed(snapshot));
			}

		};
		// Timers on the shared parallel scheduler; the probes themselves run on Reactor
		// Netty's event loops.
		ActiveHealthChecker checker = new ActiveHealthChecker(targets, targetOf, new MemberProbe(httpProbe, tcpProbe),
				health, listener, Schedulers.parallel());
		members.subscribe(checker);
		return checker;
	}

	private static Map<String, HealthCheck> configuredChecks(ObjectProvider<MembersProperties> configured) {
		// Without configured members (a test's own Members) every member gets the global
		// check.
		return configured.stream().findFirst().map(MembersProperties::healthChecks).orElse(Map.of());
	}

	@Bean
	HealthCheckLifecycle healthCheckLifecycle(ActiveHealthChecker checker) {
		return new HealthCheckLifecycle(checker);
	}

	@Bean
	MembersHealthIndicator membersHealthIndicator(ActiveHealthChecker checker) {
		return new MembersHealthIndicator(checker);
	}

}
