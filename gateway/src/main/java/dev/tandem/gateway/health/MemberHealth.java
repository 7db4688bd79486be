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
 */
public record MemberHealth(String memberId, boolean up, Instant lastCheck, String lastReason, int consecutivePasses,
		int consecutiveFailures) {

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
		return new MemberHealth(this.memberId, nowUp, at, result.reason(), passes, failures);
	}

	/**
	 * Why this state was reached, for the log line and the listener of a transition.
	 * @return for example {@code 2 failed probes, last: connect refused}
	 */
	String transitionReason() {
		return this.up ? count(this.consecutivePasses, "passed") + ", last: " + this.lastReason
				: count(this.consecutiveFailures, "failed") + ", last: " + this.lastReason;
	}

	private static String count(int probes, String outcome) {
		return probes + " " + outcome + ((probes == 1) ? " probe" : " probes");
	}

}
