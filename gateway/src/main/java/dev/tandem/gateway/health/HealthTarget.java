package dev.tandem.gateway.health;

import java.net.URI;

import dev.tandem.gateway.member.Member;

/**
 * What to probe for one member: its id and the full address of its health path.
 */
record HealthTarget(String memberId, URI uri) {

	static HealthTarget of(Member member, String path) {
		return new HealthTarget(member.id(), member.resolve(path));
	}

}
