package dev.tandem.gateway.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Active health checks against every member, bound from {@code tandem.gateway.health}.
 * Start-up fails with one sentence naming the property when a value cannot work, such as
 * a timeout that is not shorter than the interval.
 *
 * @param enabled Whether members are probed at all; when false every member stays up.
 * @param path Path probed on each member with GET; only a 2xx answer counts as a pass. A
 * member's own tandem.gateway.members[i].health.* replace this path and status, or the
 * HTTP check itself.
 * @param interval Time between the starts of two probes of a member that is up.
 * @param timeout Longest a probe may take, connect included; shorter than the interval.
 * @param rise Consecutive passed probes that bring a down member back up.
 * @param fall Consecutive failed probes that take an up member down.
 * @param fastInterval Time between the starts of two probes of a member that is down; no
 * longer than the interval.
 */
@ConfigurationProperties(HealthProperties.PREFIX)
record HealthProperties(@DefaultValue("true") boolean enabled, @DefaultValue("/actuator/health/readiness") String path,
		@DefaultValue("2s") Duration interval, @DefaultValue("1s") Duration timeout, @DefaultValue("2") int rise,
		@DefaultValue("2") int fall, @DefaultValue("1s") Duration fastInterval) {

	static final String PREFIX = "tandem.gateway.health";

	public HealthProperties {
		if (path == null || !path.startsWith("/")) {
			throw new IllegalArgumentException(PREFIX
					+ ".path must start with '/', such as /actuator/health/readiness, " + "but was '" + path + "'.");
		}
		requirePositive(interval, "interval");
		if (timeout == null || !isPositive(timeout) || timeout.compareTo(interval) >= 0) {
			throw new IllegalArgumentException(PREFIX + ".timeout must be more than 0 and shorter than " + PREFIX
					+ ".interval (" + DurationText.of(interval) + "), but was " + DurationText.of(timeout) + ".");
		}
		requireAtLeastOne(rise, "rise");
		requireAtLeastOne(fall, "fall");
		if (fastInterval == null || !isPositive(fastInterval) || fastInterval.compareTo(interval) > 0) {
			throw new IllegalArgumentException(
					PREFIX + ".fast-interval must be more than 0 and no longer than " + PREFIX + ".interval ("
							+ DurationText.of(interval) + "), but was " + DurationText.of(fastInterval) + ".");
		}
	}

	private static void requirePositive(Duration value, String name) {
		if (value == null || !isPositive(value)) {
			throw new IllegalArgumentException(
					PREFIX + "." + name + " must be more than 0, but was " + DurationText.of(value) + ".");
		}
	}

	private static boolean isPositive(Duration value) {
		return !value.isNegative() && !value.isZero();
	}

	private static void requireAtLeastOne(int value, String name) {
		if (value < 1) {
			throw new IllegalArgumentException(PREFIX + "." + name + " must be 1 or more, but was " + value + ".");
		}
	}

}
