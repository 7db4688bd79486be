package dev.tandem.gateway.health;

/**
 * The outcome of one probe of one member, with a short reason: the status code
 * ({@code 200}, {@code 503}) or what went wrong ({@code connect refused},
 * {@code timeout after 1s}), how long it took when the member answered, and the
 * session-cluster view its answer reported.
 *
 * @param passed whether the member passed
 * @param reason the status code or what went wrong
 * @param latencyMillis how long the answer took, -1 when there was none
 * @param cluster the reported session-cluster view, {@code null} when none
 */
record ProbeResult(boolean passed, String reason, long latencyMillis, SessionClusterView cluster) {

	static ProbeResult passed(String reason) {
		return new ProbeResult(true, reason, -1, null);
	}

	static ProbeResult failed(String reason) {
		return new ProbeResult(false, reason, -1, null);
	}

}
