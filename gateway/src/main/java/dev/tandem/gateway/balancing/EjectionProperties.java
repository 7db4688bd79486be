package dev.tandem.gateway.balancing;

import java.time.Duration;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Passive ejection, bound from {@code tandem.gateway.ejection}: a member that fails live
 * requests (refused or reset connections, timeouts, or one of the listed statuses) this
 * many times in a row gets no traffic for a while, like httpd's {@code retry} and nginx's
 * {@code max_fails}/{@code fail_timeout}.
 *
 * @param consecutiveFailures Failed requests in a row that eject a member; 0 turns
 * passive ejection off.
 * @param duration How long an ejected member gets no traffic before it is tried again
 * (with slow start).
 * @param statuses Response statuses that count as a failure of the member, e.g. 502,503;
 * none by default, so an application's own errors never eject a member.
 */
@ConfigurationProperties(EjectionProperties.PREFIX)
record EjectionProperties(@DefaultValue("1") int consecutiveFailures, @DefaultValue("10s") Duration duration,
		@DefaultValue Set<Integer> statuses) {

	static final String PREFIX = "tandem.gateway.ejection";

	public EjectionProperties {
		if (consecutiveFailures < 0) {
			throw new IllegalArgumentException(
					PREFIX + ".consecutive-failures must be 0 or more, but was " + consecutiveFailures + ".");
		}
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(PREFIX + ".duration must be more than 0, but was " + duration + ".");
		}
		for (Integer status : statuses) {
			if (status == null || status < 100 || status > 599) {
				throw new IllegalArgumentException(
						PREFIX + ".statuses must list HTTP statuses from 100 to 599, but had " + status + ".");
			}
		}
		statuses = Set.copyOf(statuses);
	}

}
