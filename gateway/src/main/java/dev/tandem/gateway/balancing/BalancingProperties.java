package dev.tandem.gateway.balancing;

import java.time.Duration;

import dev.tandem.gateway.balancing.core.Strategy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway spreads new clients over the members, bound from
 * {@code tandem.gateway.balancing}. An unknown method fails start-up with one sentence
 * naming the property.
 *
 * @param method Balancing method among the members of the serving tier:
 * weighted-round-robin, least-busy, p2c-latency or traffic.
 * @param panic Whether to try every member that is not disabled when health checks and
 * ejection have ruled them all out, rather than fail every request.
 * @param slowStart Time over which a member that comes back ramps its effective weight up
 * from a tenth to its full weight; 0 turns slow start off.
 */
@ConfigurationProperties(BalancingProperties.PREFIX)
record BalancingProperties(@DefaultValue("weighted-round-robin") String method, @DefaultValue("true") boolean panic,
		@DefaultValue("20s") Duration slowStart) {

	static final String PREFIX = "tandem.gateway.balancing";

	public BalancingProperties {
		try {
			Strategy.named(method);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(PREFIX + ".method must be weighted-round-robin, "
					+ "least-busy, p2c-latency or traffic, but was '" + method + "'.");
		}
		if (slowStart.isNegative()) {
			throw new IllegalArgumentException(PREFIX + ".slow-start must be 0 or more, but was " + slowStart + ".");
		}
	}

	Strategy strategy() {
		return Strategy.named(this.method);
	}

}
