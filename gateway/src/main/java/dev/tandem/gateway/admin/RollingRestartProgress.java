package dev.tandem.gateway.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a rolling restart stands, as {@code GET /api/rolling-restart} shows it:
 * immutable, replaced at each step.
 *
 * @param status {@code none}, {@code running}, {@code succeeded}, {@code failed} or
 * {@code cancelled}
 * @param startedAt when it started, {@code null} for none
 * @param startedBy who started it
 * @param reason the reason given, or {@code null}
 * @param finishedAt when it ended, {@code null} while running
 * @param detail a sentence on how it ended, or {@code null} while running
 * @param members each member in restart order, with its phase
 */
public record RollingRestartProgress(String status, Instant startedAt, String startedBy, String reason,
		Instant finishedAt, String detail, List<Step> members) {

	/** No rolling restart has run since the gateway started. */
	public static final RollingRestartProgress NONE = new RollingRestartProgress("none", null, null, null, null, null,
			List.of());

	public RollingRestartProgress {
		members = List.copyOf(members);
	}

	static RollingRestartProgress started(Instant at, String user, String reason, List<String> ids) {
		return new RollingRestartProgress("running", at, user, reason, null, null,
				ids.stream().map((id) -> new Step(id, "waiting", null, null)).toList());
	}

	/**
	 * Whether it is still running.
	 * @return {@code true} while running
	 */
	public boolean running() {
		return "running".equals(this.status);
	}

	RollingRestartProgress withStep(String id, String phase, String detail, Instant at) {
		List<Step> steps = new ArrayList<>(this.members);
		steps.replaceAll((step) -> step.member().equals(id) ? new Step(id, phase, detail, at) : step);
		return new RollingRestartProgress(this.status, this.startedAt, this.startedBy, this.reason, this.finishedAt,
				this.detail, steps);
	}

	RollingRestartProgress finished(String outcome, String why, Instant at) {
		return new RollingRestartProgress(outcome, this.startedAt, this.startedBy, this.reason, at, why, this.members);
	}

	/**
	 * One member's place in the rolling restart.
	 *
	 * @param member the member id
	 * @param phase {@code waiting}, {@code draining}, {@code restarting},
	 * {@code starting}, {@code done}, {@code failed} or {@code cancelled}
	 * @param detail what it waits for or how it ended
	 * @param since when it entered the phase
	 */
	public record Step(String member, String phase, String detail, Instant since) {

	}

}
