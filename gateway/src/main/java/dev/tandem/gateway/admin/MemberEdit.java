package dev.tandem.gateway.admin;

import java.time.Duration;

import dev.tandem.gateway.member.AdminState;

/**
 * A change to one member's weight, tier or admin state; absent fields stay as they are.
 *
 * @param weight the new weight, or {@code null}
 * @param tier the new tier, or {@code null}
 * @param state the new admin state, or {@code null}
 * @param reason why, for the audit log, or {@code null}
 * @param expiresAfter when set, the member returns to its present state after this long
 * (e.g. drain for 30 minutes), or {@code null}
 * @param version the version the operator saw, or {@code null} to skip the check
 */
public record MemberEdit(Integer weight, Integer tier, AdminState state, String reason, Duration expiresAfter,
		Long version) {

}
