package dev.tandem.gateway.admin.state;

import java.time.Instant;

import dev.tandem.gateway.member.AdminState;

/**
 * A temporary admin state to undo at a set time, such as "drain for 30 minutes": the
 * member is in {@link #state()} until {@link #at()}, then returns to {@link #returnTo()}.
 * It holds only while the member is still in that state; any other change of the member's
 * state supersedes it (see {@link RuntimeState#next}).
 *
 * @param memberId the member
 * @param state the state the member is in until then
 * @param returnTo the state to return to
 * @param at when to return
 */
public record PendingExpiry(String memberId, AdminState state, AdminState returnTo, Instant at) {

	public PendingExpiry {
		if (memberId == null || state == null || returnTo == null || at == null) {
			throw new IllegalArgumentException("A pending expiry needs a member, a state, a state to return to and "
					+ "a time, but had " + memberId + ", " + state + ", " + returnTo + ", " + at + ".");
		}
		if (state == returnTo) {
			throw new IllegalArgumentException(
					"A pending expiry of member '" + memberId + "' would return it to the state it is in.");
		}
	}

	/**
	 * Whether it is time to return.
	 * @param now the current time
	 * @return {@code true} from {@link #at()} on
	 */
	public boolean isDue(Instant now) {
		return !this.at.isAfter(now);
	}

}
