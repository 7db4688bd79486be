package dev.tandem.gateway.health;

import java.time.Duration;

/**
 * Writes a duration the way it is configured ({@code 2s}, {@code 150ms}) rather than as
 * ISO-8601 ({@code PT2S}), for error messages and probe reasons that people read.
 */
final class DurationText {

	private DurationText() {
	}

	static String of(Duration duration) {
		if (duration == null) {
			return "nothing";
		}
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

}
