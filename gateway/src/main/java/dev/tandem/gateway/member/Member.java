package dev.tandem.gateway.member;

import java.net.URI;

import dev.tandem.shared.MemberIds;

/**
 * One member (was-node) behind the gateway, immutable: its id, its base address, its
 * share of new clients within its tier, its tier, its admin state, the route that session
 * ids carry for it (its id unless an old front used another) and the group of members
 * (one application) it belongs to, if any. The constructor checks everything but says
 * nothing of where the value came from; configuration and the admin API check their input
 * first so that their errors can name the property or field.
 *
 * @param id unique member id, shown on the dashboard and carried in the affinity cookie
 * @param uri base address, {@code http://host:port} or {@code https://host:port}
 * @param weight share of new clients among the members of its tier, {@code >= 0}
 * @param tier 0 for active members; 1, 2, ... for standby tiers
 * @param state what the operator wants from it
 * @param route the {@code .route} suffix of session ids that names this member, like
 * mod_jk's {@code jvm_route} or httpd's {@code BalancerMember route=}; its id when
 * {@code null}
 * @param group the group of members that serves one application, such as {@code shop};
 * {@code null} for none. A route naming a group goes only to that group's members.
 */
public record Member(String id, URI uri, int weight, int tier, AdminState state, String route, String group) {

	public Member {
		MemberIds.requireValid(id, "member id");
		route = (route != null) ? route : id;
		MemberIds.requireValid(route, "member route");
		if (group != null) {
			MemberIds.requireValid(group, "member group");
		}
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
	 * A member in no group.
	 * @param id unique member id
	 * @param uri base address
	 * @param weight share of new clients among the members of its tier, {@code >= 0}
	 * @param tier 0 for active members; 1, 2, ... for standby tiers
	 * @param state what the operator wants from it
	 * @param route the {@code .route} suffix of session ids that names it; its id when
	 * {@code null}
	 */
	public Member(String id, URI uri, int weight, int tier, AdminState state, String route) {
		this(id, uri, weight, tier, state, route, null);
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
		this(id, uri, weight, tier, state, id, null);
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
	 * Whether this member serves a route to the given group.
	 * @param wanted a group, or {@code null} for a route to every member
	 * @return {@code true} when the route takes any member or this member is in its group
	 */
	public boolean serves(String wanted) {
		return wanted == null || wanted.equals(this.group);
	}

	/**
	 * Whether this member and another may not both be members: they have the same route,
	 * and are not in two different groups (where a session's route is read among one
	 * group's members only).
	 * @param other another member
	 * @return {@code true} when their routes clash
	 */
	public boolean clashesOnRoute(Member other) {
		boolean apart = this.group != null && other.group != null && !this.group.equals(other.group);
		return this.route.equals(other.route) && !apart;
	}

	/**
	 * This member with another weight.
	 * @param newWeight the weight, {@code >= 0}
	 * @return the changed member
	 */
	public Member withWeight(int newWeight) {
		return new Member(this.id, this.uri, newWeight, this.tier, this.state, this.route, this.group);
	}

	/**
	 * This member in another tier.
	 * @param newTier the tier, {@code >= 0}
	 * @return the changed member
	 */
	public Member withTier(int newTier) {
		return new Member(this.id, this.uri, this.weight, newTier, this.state, this.route, this.group);
	}

	/**
	 * This member with another admin state.
	 * @param newState the state
	 * @return the changed member
	 */
	public Member withState(AdminState newState) {
		return new Member(this.id, this.uri, this.weight, this.tier, newState, this.route, this.group);
	}

}
