package dev.tandem.gateway.witness;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The witness, bound from {@code tandem.gateway.witness}. Start-up fails with one
 * sentence naming the property when a value cannot work.
 *
 * @param enabled Whether the gateway routes only to the nodes of the winning cluster view
 * and holds back answers written in another; when false every node the health checks pass
 * serves.
 * @param confirmTimeout Longest an answer written in a view that has not won (yet) is
 * held while the gateway probes every node again; then it is refused.
 * @param confirmInterval Time between two such rounds of probes.
 */
@ConfigurationProperties(WitnessProperties.PREFIX)
public record WitnessProperties(@DefaultValue("true") boolean enabled, @DefaultValue("3s") Duration confirmTimeout,
		@DefaultValue("250ms") Duration confirmInterval) {

	static final String PREFIX = "tandem.gateway.witness";

	public WitnessProperties {
		if (confirmInterval == null || confirmInterval.isNegative() || confirmInterval.isZero()) {
			throw new IllegalArgumentException(
					PREFIX + ".confirm-interval must be more than 0, but was " + confirmInterval + ".");
		}
		if (confirmTimeout == null || confirmTimeout.compareTo(confirmInterval) < 0) {
			throw new IllegalArgumentException(PREFIX + ".confirm-timeout must be at least " + PREFIX
					+ ".confirm-interval (" + confirmInterval + "), but was " + confirmTimeout + ".");
		}
	}

}
