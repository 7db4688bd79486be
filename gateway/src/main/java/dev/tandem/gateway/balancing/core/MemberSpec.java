package dev.tandem.gateway.balancing.core;

/**
 * One member as configured: its id, its weight (its share of new clients within its tier;
 * 0 takes no new clients but keeps its sticky ones) and its tier (0 = active, 1 = first
 * standby, ...).
 *
 * @param id member id, unique among the balancer's members
 * @param weight share of new clients, {@code >= 0}
 * @param tier failover tier, {@code >= 0}; a higher tier serves only while every lower
 * one has no usable member
 */
public record MemberSpec(String id, int weight, int tier) {

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
	}

	MemberSpec withWeight(int newWeight) {
		return (newWeight != this.weight) ? new MemberSpec(this.id, newWeight, this.tier) : this;
	}

}
