package dev.tandem.gateway.health;

/**
 * The outcome of one probe of one member, with a short reason: the status code
 * ({@code 200}, {@code 503}) or what went wrong ({@code connect refused},
 * {@code timeout after 1s}).
 */
record ProbeResult(boolean passed, String reason) {

	static ProbeResult passed(String reason) {
		return new ProbeResult(true, reason);
	}

	static ProbeResult failed(String reason) {
		return new ProbeResult(false, reason);
	}

}
