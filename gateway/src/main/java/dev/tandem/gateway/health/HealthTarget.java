package dev.tandem.gateway.health;

import java.net.URI;

import dev.tandem.gateway.member.ExpectedStatus;
import dev.tandem.gateway.member.HealthCheck;
import dev.tandem.gateway.member.Member;

/**
 * What to probe for one member and how: its id, the full address of its health path (for
 * a TCP check, its base address, whose host and port are connected to), the kind of check
 * and the statuses that pass an HTTP check.
 *
 * @param memberId the member id
 * @param uri the address probed
 * @param type HTTP or TCP
 * @param expectedStatus the statuses that pass an HTTP check
 */
record HealthTarget(String memberId, URI uri, HealthCheck.Type type, ExpectedStatus expectedStatus) {

	/** An HTTP check of the address expecting a 2xx. */
	HealthTarget(String memberId, URI uri) {
		this(memberId, uri, HealthCheck.Type.HTTP, ExpectedStatus.SUCCESSFUL);
	}

	static HealthTarget of(Member member, String path) {
		return of(member, HealthCheck.DEFAULT, path);
	}

	/**
	 * The target of a member's own check.
	 * @param member the member
	 * @param check how it is checked
	 * @param globalPath the path of an HTTP check that names none
	 * @return the target
	 */
	static HealthTarget of(Member member, HealthCheck check, String globalPath) {
		if (check.type() == HealthCheck.Type.TCP) {
			return new HealthTarget(member.id(), member.uri(), check.type(), check.expectedStatus());
		}
		String path = (check.path() != null) ? check.path() : globalPath;
		return new HealthTarget(member.id(), member.resolve(path), check.type(), check.expectedStatus());
	}

	/**
	 * The port a TCP check connects to: the address's own, else its scheme's default.
	 * @return the port
	 */
	int port() {
		if (this.uri.getPort() >= 0) {
			return this.uri.getPort();
		}
		return "https".equalsIgnoreCase(this.uri.getScheme()) ? 443 : 80;
	}

	/**
	 * How the check reads in logs and the admin API, such as {@code tcp} or
	 * {@code http /session.jsp 200-399}.
	 * @return the description
	 */
	String describe() {
		if (this.type == HealthCheck.Type.TCP) {
			return "tcp " + this.uri.getHost() + ":" + port();
		}
		return "http " + this.uri.getRawPath() + " " + this.expectedStatus;
	}

}
