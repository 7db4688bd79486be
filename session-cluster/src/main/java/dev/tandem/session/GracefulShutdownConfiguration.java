package dev.tandem.session;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The node's stop on SIGTERM, in this order: readiness DOWN (Boot, as the context starts
 * closing), the drain wait ({@link DrainLifecycle}), in-flight requests finish
 * ({@code server.shutdown=graceful}), the web server stops, then Spring destroys the
 * {@code HazelcastInstance} bean with its inferred {@code shutdown()} method: a graceful
 * shutdown that hands the member's partitions to the others before it leaves. Hazelcast's
 * own shutdown hook is off ({@link HazelcastMemberConfig}), so nothing can stop the
 * member earlier than that.
 */
@EnableConfigurationProperties(ShutdownProperties.class)
final class GracefulShutdownConfiguration {

	@Bean
	DrainLifecycle drainLifecycle(ShutdownProperties properties) {
		return new DrainLifecycle(properties.drainWait());
	}

}
