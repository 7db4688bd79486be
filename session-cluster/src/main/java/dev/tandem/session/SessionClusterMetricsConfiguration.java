package dev.tandem.session;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The session cluster's meters, only when the application has Micrometer (Actuator brings
 * it): the library does not force it on an application. Not a {@code @Configuration}, so
 * an application whose component scan covers this package does not pick it up twice.
 */
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
final class SessionClusterMetricsConfiguration {

	@Bean
	SessionClusterMeters sessionClusterMeters(SessionCluster cluster) {
		return new SessionClusterMeters(cluster);
	}

	@Bean
	SessionEventMeters sessionEventMeters(HazelcastInstance hazelcast) {
		// The partition table is local to the member: no network call per event.
		return new SessionEventMeters((sessionId) -> {
			Member owner = hazelcast.getPartitionService().getPartition(sessionId).getOwner();
			return owner != null && owner.localMember();
		});
	}

}
