package dev.tandem.gateway.importer;

import java.util.Locale;

/**
 * The time values of httpd and mod_jk: httpd's {@code timeout=10}, {@code retry=60} are
 * seconds and may carry a unit ({@code 100ms}, {@code 5s}); mod_jk's are seconds or
 * milliseconds depending on the attribute.
 */
final class Durations {

	private Durations() {
	}

	/**
	 * Milliseconds of an httpd time value whose bare number means seconds.
	 * @return the milliseconds, or -1 when the value is not a time
	 */
	static long httpdMillis(String value) {
		String v = value.trim().toLowerCase(Locale.ROOT);
		try {
			if (v.endsWith("ms")) {
				return Long.parseLong(v.substring(0, v.length() - 2));
			}
			if (v.endsWith("s")) {
				return Long.parseLong(v.substring(0, v.length() - 1)) * 1000;
			}
			if (v.endsWith("mi")) {
				return Long.parseLong(v.substring(0, v.length() - 2)) * 60_000;
			}
			return Long.parseLong(v) * 1000;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/**
	 * A whole number, or -1 when the value is not one.
	 */
	static long number(String value) {
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/** Milliseconds as Spring Boot's duration text: {@code 1500ms}, {@code 10s}. */
	static String text(long millis) {
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

}
