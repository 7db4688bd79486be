package dev.tandem.gateway.member;

import java.util.List;

/**
 * One change of the members, as its subscribers receive it: the snapshot before and the
 * snapshot after, with what was added, removed and changed between them worked out once.
 *
 * @param before the members before the change
 * @param after the members after it, which are now current
 */
public record MembershipChange(Membership before, Membership after) {

	/**
	 * Members of {@link #after} whose id {@link #before} did not have.
	 * @return the added members, in configuration order
	 */
	public List<Member> added() {
		return this.after.members().stream().filter((member) -> !this.before.contains(member.id())).toList();
	}

	/**
	 * Members of {@link #before} whose id {@link #after} no longer has.
	 * @return the removed members, as they were
	 */
	public List<Member> removed() {
		return this.before.members().stream().filter((member) -> !this.after.contains(member.id())).toList();
	}

	/**
	 * Members kept with another address, weight, tier or state.
	 * @return the changed members, as they are now
	 */
	public List<Member> changed() {
		return this.after.members()
			.stream()
			.filter((member) -> this.before.member(member.id()).filter((was) -> !was.equals(member)).isPresent())
			.toList();
	}

}
