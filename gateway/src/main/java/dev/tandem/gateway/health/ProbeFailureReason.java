package dev.tandem.gateway.health;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Turns a failed probe's exception into the short reason shown in logs, the listener and
 * the health endpoint ({@code connect refused}, {@code timeout after 1s}); anything
 * unexpected falls back to the exception's simple name and message.
 */
final class ProbeFailureReason {

	private ProbeFailureReason() {
	}

	static String of(Throwable failure, Duration timeout) {
		// Reactor Netty's connect timeout extends ConnectException, so timeouts are
		// checked first.
		if (failure instanceof TimeoutException || failure instanceof ReadTimeoutException
				|| failure instanceof ConnectTimeoutException) {
			return "timeout after " + DurationText.of(timeout);
		}
		if (failure instanceof ConnectException) {
			return "connect refused";
		}
		if (failure instanceof UnknownHostException) {
			return "unknown host";
		}
		if (failure instanceof PrematureCloseException) {
			return "connection closed before the response";
		}
		String message = String.valueOf(failure.getMessage());
		if (failure instanceof IOException && message.toLowerCase(Locale.ROOT).contains("reset")) {
			return "connection reset";
		}
		return failure.getClass().getSimpleName() + ": " + abbreviate(message);
	}

	private static String abbreviate(String message) {
		return (message.length() <= 120) ? message : message.substring(0, 117) + "...";
	}

}
