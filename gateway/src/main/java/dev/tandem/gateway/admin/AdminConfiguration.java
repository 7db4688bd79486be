package dev.tandem.gateway.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import dev.tandem.gateway.admin.state.AuditLog;
import dev.tandem.gateway.admin.state.RuntimeStateFile;
import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.health.ActiveHealthChecker;
import dev.tandem.gateway.member.Members;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The management plane's beans in the gateway's main context: its properties, the state
 * file and audit log in the state directory, the restore of runtime changes at start-up,
 * and what changes members at runtime. The management port's web side (security, the API)
 * lives in that port's own context and uses these.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdminProperties.class)
class AdminConfiguration {

	@Bean
	RuntimeStateFile runtimeStateFile(AdminProperties properties) {
		return new RuntimeStateFile(properties.stateDir());
	}

	@Bean
	AuditLog auditLog(AdminProperties properties) {
		return new AuditLog(properties.stateDir(), properties.auditEntries());
	}

	@Bean
	RestoredMembers restoredMembers(RuntimeStateFile file) {
		return new RestoredMembers(file);
	}

	@Bean
	MemberAdministration memberAdministration(Members members, RestoredMembers restored, RuntimeStateFile file,
			AuditLog audit, Balancer balancer, ActiveHealthChecker checker) {
		MemberAdministration administration = new MemberAdministration(members, restored, file, audit,
				Clock.systemUTC(), (id) -> {
					balancer.recover(id);
					checker.probeNow(id);
				});
		administration.useExpiryTimer(new ReactorExpiryTimer(administration));
		// Temporary changes that fell due while the gateway was down return now.
		Schedulers.boundedElastic().schedule(administration::expireDue);
		return administration;
	}

	@Bean
	RollingRestart rollingRestart(MemberAdministration administration, Balancer balancer, ActiveHealthChecker checker,
			AdminProperties properties) {
		return new RollingRestart(administration, balancer, checker, properties.nodeRestartToken(),
				properties.restartTimeout(), Clock.systemUTC());
	}

	/**
	 * Wakes the administration at each expiry on the bounded elastic scheduler (the
	 * change writes files). Earlier wake-ups are never cancelled: one that finds nothing
	 * due does nothing, and cancelling could interrupt a running write.
	 */
	private record ReactorExpiryTimer(MemberAdministration administration) implements MemberAdministration.ExpiryTimer {

		@Override
		public void schedule(Instant at) {
			if (at != null) {
				long delay = Math.max(0, Duration.between(Instant.now(), at).toMillis());
				Schedulers.boundedElastic().schedule(this.administration::expireDue, delay + 10, TimeUnit.MILLISECONDS);
			}
		}

	}

}
