package dev.tandem.gateway.health;

import java.net.URI;

import dev.tandem.gateway.balancing.MemberProperties;

/**
 * What to probe for one member: its id and the full address of its health path.
 */
record HealthTarget(String memberId, URI uri) {

	static HealthTarget of(MemberProperties.Member member, String path) {
		String base = member.baseUri().toString();
		// The base may end with '/', which the member properties allow.
		if (base.endsWith("/")) {
			base = base.substring(0, base.length() - 1);
		}
		return new HealthTarget(member.id(), URI.create(base + path));
	}

}
