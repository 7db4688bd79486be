/**
 * The gateway's one member model: the configured members (id, address, weight, tier,
 * admin state) as an immutable {@link dev.tandem.gateway.member.Membership} snapshot, and
 * the live {@link dev.tandem.gateway.member.Members} that swaps it and tells every
 * subscriber what changed. Balancing, health checks, affinity and failover follow it;
 * nobody else keeps a copy of the member list. This package depends on no other package
 * of the gateway.
 */
package dev.tandem.gateway.member;
