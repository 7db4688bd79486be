package dev.tandem.gateway.routing;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpMethod;
import org.springframework.util.unit.DataSize;

/**
 * How a request fails over to another member within the same client request, bound from
 * {@code tandem.gateway.retry}. A request that never reached a member is retried whatever
 * its method; one that may have reached it only when its method is listed here. Either
 * way its body must be replayable, which only bodies up to {@code max-body-size} are.
 *
 * @param methods Idempotent methods that are replayed on another member after a member
 * failed mid-request.
 * @param maxAttempts Attempts per request including the first, never more than the number
 * of configured members.
 * @param maxBodySize Request bodies up to this size are buffered in memory so they can be
 * replayed; a larger body is streamed once and never replayed.
 */
@ConfigurationProperties(RetryProperties.PREFIX)
record RetryProperties(@DefaultValue( {
		"GET", "HEAD", "OPTIONS", "PUT", "DELETE" }) Set<HttpMethod> methods, @DefaultValue("3") int maxAttempts,
		@DefaultValue("64KB") DataSize maxBodySize){

	static final String PREFIX = "tandem.gateway.retry";

	RetryProperties {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException(
					PREFIX + ".max-attempts must be 1 or more (1 turns failover off), but was " + maxAttempts + ".");
		}
		if (maxBodySize == null || maxBodySize.isNegative()) {
			throw new IllegalArgumentException(
					PREFIX + ".max-body-size must be 0B or more, such as 64KB, but was " + maxBodySize + ".");
		}
		methods = normalized(methods);
	}

	// Method names are case-sensitive in HTTP, but a lower-case "put" in a config file
	// means PUT; HttpMethod.valueOf would otherwise make it an unknown method.
	private static Set<HttpMethod> normalized(Set<HttpMethod> methods) {
		Set<HttpMethod> normalized = new LinkedHashSet<>();
		if (methods != null) {
			methods.forEach((method) -> normalized.add(HttpMethod.valueOf(method.name().toUpperCase(Locale.ROOT))));
		}
		return Set.copyOf(normalized);
	}

}
