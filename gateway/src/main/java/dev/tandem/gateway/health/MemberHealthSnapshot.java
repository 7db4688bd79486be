package dev.tandem.gateway.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every member's health at one moment, in configuration order; immutable, replaced as a
 * whole after each probe so readers (the health endpoint, later the dashboard) never see
 * a half-updated view.
 *
 * @param members one entry per configured member
 */
public record MemberHealthSnapshot(List<MemberHealth> members) {

	public MemberHealthSnapshot {
		members = List.copyOf(members);
	}

	/**
	 * Whether any member is up.
	 * @return true when at least one member passes its checks
	 */
	public boolean anyUp() {
		return this.members.stream().anyMatch(MemberHealth::up);
	}

	/**
	 * The health of one member.
	 * @param memberId the member's configured id
	 * @return its health, or empty for an id that is not configured
	 */
	public Optional<MemberHealth> member(String memberId) {
		return this.members.stream().filter((member) -> member.memberId().equals(memberId)).findFirst();
	}

	/** This snapshot with the member's health replaced, or added at the end if new. */
	MemberHealthSnapshot with(MemberHealth health) {
		List<MemberHealth> updated = new ArrayList<>(this.members);
		for (int i = 0; i < updated.size(); i++) {
			if (updated.get(i).memberId().equals(health.memberId())) {
				updated.set(i, health);
				return new MemberHealthSnapshot(updated);
			}
		}
		updated.add(health);
		return new MemberHealthSnapshot(updated);
	}

	/** This snapshot without the member. */
	MemberHealthSnapshot without(String memberId) {
		return new MemberHealthSnapshot(
				this.members.stream().filter((member) -> !member.memberId().equals(memberId)).toList());
	}

}
