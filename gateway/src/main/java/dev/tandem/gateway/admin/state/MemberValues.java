package dev.tandem.gateway.admin.state;

import java.net.URI;

import dev.tandem.gateway.member.AdminState;
import dev.tandem.gateway.member.Member;

/**
 * A member's values without its id: what the configuration said of it when the state file
 * was written. Start-up compares them with the configuration of the day to tell whether
 * the operator edited the configuration since.
 *
 * @param uri base address
 * @param weight share of new clients within its tier, {@code >= 0}
 * @param tier 0 for active members, 1, 2, ... for standby tiers
 * @param state admin state
 */
public record MemberValues(URI uri, int weight, int tier, AdminState state) {

	public MemberValues {
		// The address rule itself belongs to Member; toMember applies it with the id.
		if (uri == null || state == null) {
			throw new IllegalArgumentException("A member's values need an address and a state.");
		}
		if (weight < 0 || tier < 0) {
			throw new IllegalArgumentException(
					"A member's weight and tier must be 0 or more, but were " + weight + " and " + tier + ".");
		}
	}

	/**
	 * The values of a member.
	 * @param member the member
	 * @return its address, weight, tier and state
	 */
	public static MemberValues of(Member member) {
		return new MemberValues(member.uri(), member.weight(), member.tier(), member.state());
	}

	/**
	 * The member with these values, checked like any member.
	 * @param id the member id
	 * @return the member
	 * @throws IllegalArgumentException when the id or address is invalid
	 */
	public Member toMember(String id) {
		return new Member(id, this.uri, this.weight, this.tier, this.state);
	}

}
