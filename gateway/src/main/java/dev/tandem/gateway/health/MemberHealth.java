package dev.tandem.gateway.health;

import java.time.Instant;

/**
 * What the active health checks currently know about one member, as an immutable value. A
 * member starts up (so the gateway serves at once, as nginx and HAProxy do) and only
 * consecutive probe results move it: {@code fall} failures take it down, {@code rise}
 * passes bring it back.
 *
 * @param memberId the member's configured id
 * @param up whether the member counts as up
 * @param lastCheck when the last probe finished, or {@code null} before the first one
 * @param lastReason the last probe's reason ({@code 200}, {@code connect refused}), or
 * why there is none yet
 * @param consecutivePasses passed probes in a row, 0 after a failure
 * @param consecutiveFailures failed probes in a row, 0 after a pass
 * @param lastLatencyMillis how long the last answer took, -1 when the last probe got none
 * @param cluster the session-cluster view the member reported last, {@code null} when it
 * reported none
 */
public record MemberHealth(String memberId, boolean up, Instant lastCheck, String lastReason, int consecutivePasses,
		int consecutiveFailures, long lastLatencyMillis, SessionClusterView cluster) {

	/**
	 * Health without a probe's latency or cluster view.
	 * @param memberId the member id
	 * @param up whether it counts as up
	 * @param lastCheck when the last probe finished
	 * @param lastReason the last probe's reason
	 * @param consecutivePasses passed probes in a row
	 * @param consecutiveFailures failed probes in a row
	 */
	public MemberHealth(String memberId, boolean up, Instant lastCheck, String lastReason, int consecutivePasses,
			int consecutiveFailures) {
		this(memberId, up, lastCheck, lastReason, consecutivePasses, consecutiveFailures, -1, null);
	}

	static MemberHealth initial(String memberId, String reason) {
		return new MemberHealth(memberId, true, null, reason, 0, 0);
	}

	/**
	 * The state after one more probe result. Counters keep counting past the thresholds;
	 * a single opposite result resets them, so only an unbroken run changes the state.
	 */
	MemberHealth after(ProbeResult result, Instant at, int rise, int fall) {
		int passes = result.passed() ? this.consecutivePasses + 1 : 0;
		int failures = result.passed() ? 0 : this.consecutiveFailures + 1;
		boolean nowUp = this.up ? failures < fall : passes >= rise;
		// A member that stopped answering keeps its last view: the dashboard shows it
		// with the probe's time, and a down member's view is not used for decisions.
		SessionClusterView view = (result.cluster() != null) ? result.cluster() : this.cluster;
		return new MemberHealth(this.memberId, nowUp, at, result.reason(), passes, failures, result.latencyMillis(),
				view);
	}

	/**
	 * Why this state was reached, for the log line and the listener of a transition.
	 * @return for example {@code 2 failed probes, last: connect refused}
	 */
	public String transitionReason() {
		return this.up ? count(this.consecutivePasses, "passed") + ", last: " + this.lastReason
				: count(this.consecutiveFailures, "failed") + ", last: " + this.lastReason;
	}

	private static String count(int probes, String outcome) {
		return probes + " " + outcome + ((probes == 1) ? " probe" : " probes");
	}

}
