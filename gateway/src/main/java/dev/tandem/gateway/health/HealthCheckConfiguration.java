package dev.tandem.gateway.health;

import java.util.List;

import dev.tandem.gateway.member.Members;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Assembles the active health checks: one shared HTTP probe, the checker that schedules
 * it per member and follows the member model, its lifecycle, and the {@code members}
 * health indicator. Transitions and every probe's snapshot go to every
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
	ActiveHealthChecker activeHealthChecker(Members members, HealthProperties health, HttpHealthProbe probe,
			ObjectProvider<MemberHealthListener> listeners) {
		List<HealthTarget> targets = members.current()
			.members()
			.stream()
			.map((member) -> HealthTarget.of(member, health.path()))
			.toList();
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
		ActiveHealthChecker checker = new ActiveHealthChecker(targets, probe, health, listener, Schedulers.parallel());
		members.subscribe(checker);
		return checker;
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
