package dev.tandem.gateway.balancing.core;

import dev.tandem.gateway.member.AdminState;

/**
 * One member as configured or last changed by an operator: its id, its weight (its share
 * of new clients within its tier; 0 takes no new clients but keeps its sticky ones), its
 * tier (0 = active, 1 = first standby, ...) and its admin state.
 *
 * @param id member id, unique among the balancer's members
 * @param weight share of new clients, {@code >= 0}
 * @param tier failover tier, {@code >= 0}; a higher tier serves only while every lower
 * one has no usable member
 * @param admin what the operator wants from the member
 */
public record MemberSpec(String id, int weight, int tier, AdminState admin) {

	public MemberSpec {
		if (id == null || id.isBlank()) {
			throw new IllegalArgumentException("A member needs a non-blank id.");
		}
		if (weight < 0) {
			throw new IllegalArgumentException("Member '" + id + "' has weight " + weight + "; it must be 0 or more.");
		}
		if (tier < 0) {
			throw new IllegalArgumentException("Member '" + id + "' has tier " + tier + "; it must be 0 or more.");
		}
		if (admin == null) {
			throw new IllegalArgumentException("Member '" + id + "' needs an admin state.");
		}
	}

	/**
	 * An active member.
	 * @param id member id
	 * @param weight share of new clients, {@code >= 0}
	 * @param tier failover tier, {@code >= 0}
	 */
	public MemberSpec(String id, int weight, int tier) {
		this(id, weight, tier, AdminState.ACTIVE);
	}

	MemberSpec withWeight(int newWeight) {
		return (newWeight != this.weight) ? new MemberSpec(this.id, newWeight, this.tier, this.admin) : this;
	}

	MemberSpec withAdmin(AdminState newAdmin) {
		return (newAdmin != this.admin) ? new MemberSpec(this.id, this.weight, this.tier, newAdmin) : this;
	}

}
