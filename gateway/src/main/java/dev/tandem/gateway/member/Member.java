package dev.tandem.gateway.member;

import java.net.URI;

import dev.tandem.shared.MemberIds;

/**
 * One member (was-node) behind the gateway, immutable: its id, its base address, its
 * share of new clients within its tier, its tier, its admin state and the route that
 * session ids carry for it (its id unless an old front used another). The constructor
 * checks everything but says nothing of where the value came from; configuration and the
 * admin API check their input first so that their errors can name the property or field.
 *
 * @param id unique member id, shown on the dashboard and carried in the affinity cookie
 * @param uri base address, {@code http://host:port} or {@code https://host:port}
 * @param weight share of new clients among the members of its tier, {@code >= 0}
 * @param tier 0 for active members; 1, 2, ... for standby tiers
 * @param state what the operator wants from it
 * @param route the {@code .route} suffix of session ids that names this member, like
 * mod_jk's {@code jvm_route} or httpd's {@code BalancerMember route=}; its id when
 * {@code null}
 */
public record Member(String id, URI uri, int weight, int tier, AdminState state, String route) {

	public Member {
		MemberIds.requireValid(id, "member id");
		route = (route != null) ? route : id;
		MemberIds.requireValid(route, "member route");
		if (uri == null || !MemberAddress.isPlainHttpBase(uri)) {
			throw new IllegalArgumentException("Member '" + id + "' needs an http:// or https:// base address with a "
					+ "host and nothing after the port, but had " + uri + ".");
		}
		if (weight < 0) {
			throw new IllegalArgumentException("Member '" + id + "' has weight " + weight + "; it must be 0 or more.");
		}
		if (tier < 0) {
			throw new IllegalArgumentException("Member '" + id + "' has tier " + tier + "; it must be 0 or more.");
		}
		if (state == null) {
			throw new IllegalArgumentException("Member '" + id + "' needs a state.");
		}
	}

	/**
	 * A member whose route is its id.
	 * @param id unique member id
	 * @param uri base address
	 * @param weight share of new clients among the members of its tier, {@code >= 0}
	 * @param tier 0 for active members; 1, 2, ... for standby tiers
	 * @param state what the operator wants from it
	 */
	public Member(String id, URI uri, int weight, int tier, AdminState state) {
		this(id, uri, weight, tier, state, id);
	}

	/**
	 * An active member of tier 0 with weight 1.
	 * @param id the member id
	 * @param uri the base address
	 * @return the member
	 */
	public static Member of(String id, String uri) {
		return new Member(id, URI.create(uri), 1, 0, AdminState.ACTIVE);
	}

	/**
	 * Whether the member is reached over TLS.
	 * @return {@code true} for an {@code https} address
	 */
	public boolean secure() {
		return "https".equalsIgnoreCase(this.uri.getScheme());
	}

	/**
	 * The member's host.
	 * @return the host of its address
	 */
	public String host() {
		return this.uri.getHost();
	}

	/**
	 * The member's port, the scheme's default when the address names none.
	 * @return the port
	 */
	public int port() {
		int port = this.uri.getPort();
		if (port >= 0) {
			return port;
		}
		return secure() ? 443 : 80;
	}

	/**
	 * The full address of a path on this member.
	 * @param path an absolute path such as {@code /actuator/health/readiness}
	 * @return the base address with the path appended
	 */
	public URI resolve(String path) {
		String base = this.uri.toString();
		// The base may end with '/', which a member's address allows.
		if (base.endsWith("/")) {
			base = base.substring(0, base.length() - 1);
		}
		return URI.create(base + path);
	}

	/**
	 * Whether this member's route was set apart from its id.
	 * @return {@code true} when the route differs from the id
	 */
	public boolean hasOwnRoute() {
		return !this.route.equals(this.id);
	}

	/**
	 * This member with another weight.
	 * @param newWeight the weight, {@code >= 0}
	 * @return the changed member
	 */
	public Member withWeight(int newWeight) {
		return new Member(this.id, this.uri, newWeight, this.tier, this.state, this.route);
	}

	/**
	 * This member in another tier.
	 * @param newTier the tier, {@code >= 0}
	 * @return the changed member
	 */
	public Member withTier(int newTier) {
		return new Member(this.id, this.uri, this.weight, newTier, this.state, this.route);
	}

	/**
	 * This member with another admin state.
	 * @param newState the state
	 * @return the changed member
	 */
	public Member withState(AdminState newState) {
		return new Member(this.id, this.uri, this.weight, this.tier, newState, this.route);
	}

}
