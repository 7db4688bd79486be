package dev.tandem.gateway.admin.state;

import dev.tandem.gateway.member.Member;

/**
 * A member as the state file saved it: its runtime values, and the values the
 * configuration gave it at the time ({@code null} when an operator added it at runtime).
 *
 * @param member the runtime member
 * @param configured what the configuration said of it when the state was written, or
 * {@code null} for a member added at runtime
 */
public record SavedMember(Member member, MemberValues configured) {

	public SavedMember {
		if (member == null) {
			throw new IllegalArgumentException("A saved member needs its runtime values.");
		}
	}

	/**
	 * The member's id.
	 * @return the id
	 */
	public String id() {
		return this.member.id();
	}

	/**
	 * Whether an operator added the member at runtime, so the configuration knew nothing
	 * of it when the state was written.
	 * @return {@code true} when there are no configured values
	 */
	public boolean addedAtRuntime() {
		return this.configured == null;
	}

}
