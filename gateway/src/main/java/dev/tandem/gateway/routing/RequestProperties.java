package dev.tandem.gateway.routing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a client may send through the gateway, bound from
 * {@code tandem.gateway.request}: how large a request body may be and how long the
 * gateway waits for the next bytes of one. Header size and the header-read timeout are
 * Boot's own {@code server.max-http-request-header-size} and
 * {@code server.netty.idle-timeout}.
 *
 * @param maxBodySize Largest request body accepted; a larger declared length gets 413
 * before anything is forwarded, a larger chunked body is cut off with 413.
 * @param bodyTimeout Longest pause between two reads of a request body before the
 * connection is closed.
 */
@ConfigurationProperties(RequestProperties.PREFIX)
record RequestProperties(@DefaultValue("10MB") DataSize maxBodySize, @DefaultValue("10s") Duration bodyTimeout) {

	static final String PREFIX = "tandem.gateway.request";

	RequestProperties {
		if (maxBodySize == null || maxBodySize.toBytes() <= 0) {
			throw new IllegalArgumentException(
					PREFIX + ".max-body-size must be more than 0B, such as 10MB, but was " + maxBodySize + ".");
		}
		if (bodyTimeout == null || bodyTimeout.toMillis() <= 0) {
			throw new IllegalArgumentException(
					PREFIX + ".body-timeout must be at least 1ms, such as 10s, but was " + bodyTimeout + ".");
		}
	}

}
