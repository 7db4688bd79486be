package dev.tandem.session;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the node stops on SIGTERM, bound from {@code tandem.node.shutdown}. Readiness
 * reports DOWN first; the node keeps serving for {@code drain-wait} so the gateway's
 * health checks notice and send new clients elsewhere; then in-flight requests finish and
 * the Hazelcast member hands its sessions off.
 *
 * @param drainWait Time between readiness going DOWN and the web server refusing new
 * connections; at least the gateway's health interval times its fall count (2s x 2).
 */
@ConfigurationProperties(ShutdownProperties.PREFIX)
record ShutdownProperties(@DefaultValue("5s") Duration drainWait) {

	static final String PREFIX = "tandem.node.shutdown";

	public ShutdownProperties {
		if (drainWait == null) {
			throw new IllegalArgumentException(PREFIX + ".drain-wait must be set, such as 5s.");
		}
		if (drainWait.isNegative()) {
			throw new IllegalArgumentException(
					PREFIX + ".drain-wait must be 0s or more, such as 5s, but was " + drainWait.toMillis() + "ms.");
		}
	}

}
