package dev.tandem.gateway.accesslog;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The time field of the common log format, {@code [05/Dec/2026:01:41:38 +0000]}, in one
 * time zone, English month names whatever the locale, as httpd and nginx write it.
 * Formatted once per second and shared by every request of that second: event loops that
 * race to replace it each format the same text, so the race costs a little work, never a
 * wrong line.
 */
final class CommonLogTime {

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("'['dd/MMM/yyyy:HH:mm:ss Z']'",
			Locale.US);

	private final ZoneId zone;

	private volatile Second last = new Second(Long.MIN_VALUE, "");

	CommonLogTime(ZoneId zone) {
		this.zone = zone;
		// Loads the month names and the zone's rules now, on the thread that builds the
		// bean, rather than with the first request, on an event loop.
		format(System.currentTimeMillis());
	}

	/**
	 * The field for an instant.
	 * @param epochMillis milliseconds since the epoch
	 * @return the field, brackets included
	 */
	String format(long epochMillis) {
		long second = Math.floorDiv(epochMillis, 1000L);
		Second cached = this.last;
		if (cached.epochSecond != second) {
			cached = new Second(second, FORMAT.format(Instant.ofEpochSecond(second).atZone(this.zone)));
			this.last = cached;
		}
		return cached.text;
	}

	private record Second(long epochSecond, String text) {

	}

}
