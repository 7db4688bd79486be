package dev.tandem.gateway.member;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.tandem.shared.MemberIds;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The members the gateway starts with, bound from {@code tandem.gateway.members[i]}.
 * Start-up fails with one sentence naming the offending property when the list is empty
 * or a member is invalid, so a bad configuration never reaches the member model.
 *
 * @param members Members (was-nodes) behind the gateway, in order; each has an id, a uri,
 * a weight (default 1), a tier (default 0), a state (default active), a route (default
 * its id), a group (default none) and its own health check (default: the global one).
 */
@ConfigurationProperties(MembersProperties.PREFIX)
public record MembersProperties(List<Entry> members) {

	/** The members are the gateway's first property, directly under its prefix. */
	static final String PREFIX = "tandem.gateway";

	public MembersProperties {
		if (members == null || members.isEmpty()) {
			throw new IllegalArgumentException(PREFIX + ".members must list at least one member, for example " + PREFIX
					+ ".members[0].id=was1 and " + PREFIX + ".members[0].uri=http://127.0.0.1:8081.");
		}
		Map<String, Integer> indexById = new HashMap<>();
		for (int i = 0; i < members.size(); i++) {
			String property = PREFIX + ".members[" + i + "]";
			Entry member = members.get(i);
			member.check(property);
			Integer first = indexById.putIfAbsent(member.id(), i);
			if (first != null) {
				throw new IllegalArgumentException(property + ".id '" + member.id() + "' is already used by " + PREFIX
						+ ".members[" + first + "].id; member ids must be unique.");
			}
			for (int j = 0; j < i; j++) {
				Entry other = members.get(j);
				if (member.toMember().clashesOnRoute(other.toMember())) {
					throw new IllegalArgumentException(member.routeProperty(property) + " '" + member.effectiveRoute()
							+ "' is already used by " + other.routeProperty(PREFIX + ".members[" + j + "]")
							+ "; member routes must be unique (within a group, when both members have one), and a "
							+ "member without a route uses its id.");
				}
			}
		}
		members = List.copyOf(members);
	}

	/**
	 * The configured members as the member model's first snapshot.
	 * @return the membership, in configuration order
	 */
	public Membership membership() {
		List<Member> model = new ArrayList<>(this.members.size());
		for (Entry entry : this.members) {
			model.add(entry.toMember());
		}
		return Membership.of(model);
	}

	/**
	 * How each configured member is checked, by member id. Members added later through
	 * the admin API are not in it: they get the global check.
	 * @return the checks, in configuration order
	 */
	public Map<String, HealthCheck> healthChecks() {
		Map<String, HealthCheck> checks = new LinkedHashMap<>();
		for (int i = 0; i < this.members.size(); i++) {
			Entry member = this.members.get(i);
			checks.put(member.id(), member.healthCheck(PREFIX + ".members[" + i + "]"));
		}
		return checks;
	}

	/**
	 * One was-node behind the gateway, as configured.
	 *
	 * @param id Member id: shown on the dashboard and carried in the affinity cookie.
	 * @param uri Base address of the member, http://host:port or https://host:port.
	 * @param weight Relative share of new clients among the members of its tier.
	 * @param tier 0 for active members; 1, 2, ... for standby tiers, used only when every
	 * lower tier has no usable member.
	 * @param state Admin state at start: active, draining (keeps its sticky clients,
	 * takes no new ones) or disabled (takes no traffic).
	 * @param route Route that session ids carry for this member after their first '.', as
	 * an old front knew it (mod_jk jvm_route, Tomcat jvmRoute, httpd BalancerMember
	 * route=); the id when unset.
	 * @param group Group of members that serves one application, such as shop; a route
	 * with the same group goes only to these members. Unset: in no group.
	 * @param health How the active health checks probe this member.
	 */
	public record Entry(String id, String uri, @DefaultValue("1") int weight, @DefaultValue("0") int tier,
			@DefaultValue("active") String state, String route, String group, Health health) {

		/**
		 * Check this member, naming its properties under the given prefix in the error.
		 * Kept out of the compact constructor because only the list knows the index.
		 */
		void check(String property) {
			if (this.id == null || this.id.isBlank()) {
				throw new IllegalArgumentException(property + ".id is required, for example was1.");
			}
			MemberIds.requireValid(this.id, property + ".id");
			if (this.uri == null || this.uri.isBlank()) {
				throw new IllegalArgumentException(property + ".uri is required, for example http://127.0.0.1:8081.");
			}
			// Bound as text so that even an unparsable value gets this sentence rather
			// than a conversion error.
			if (MemberAddress.parse(this.uri).isEmpty()) {
				throw new IllegalArgumentException(property + ".uri must be an absolute http:// or https:// address "
						+ "with a host and nothing after the port, such as http://192.168.1.21:8080, but was '"
						+ this.uri + "'.");
			}
			if (this.weight < 0) {
				throw new IllegalArgumentException(
						property + ".weight must be 0 or more, but was " + this.weight + ".");
			}
			if (this.tier < 0) {
				throw new IllegalArgumentException(property + ".tier must be 0 or more, but was " + this.tier + ".");
			}
			try {
				AdminState.named(this.state);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(
						property + ".state must be active, draining or disabled, but was '" + this.state + "'.");
			}
			if (this.route != null) {
				MemberIds.requireValid(this.route, property + ".route");
			}
			if (this.group != null) {
				MemberIds.requireValid(this.group, property + ".group");
			}
			healthCheck(property);
		}

		/**
		 * The route session ids carry for this member: the configured one, else the id.
		 */
		String effectiveRoute() {
			return (this.route != null) ? this.route : this.id;
		}

		/** The property the route comes from, for an error that names it. */
		String routeProperty(String property) {
			return (this.route != null) ? property + ".route" : property + ".id";
		}

		/**
		 * How this member is checked, the defaults when it configures nothing.
		 * @param property the member's property prefix, for the error
		 * @return the check
		 */
		HealthCheck healthCheck(String property) {
			return (this.health != null) ? this.health.check(property + ".health") : HealthCheck.DEFAULT;
		}

		Member toMember() {
			return new Member(this.id, MemberAddress.parse(this.uri).orElseThrow(), this.weight, this.tier,
					AdminState.named(this.state), effectiveRoute(), this.group);
		}

		/**
		 * The member's own health check, so that any HTTP server can be a member: a stock
		 * Tomcat has no readiness endpoint.
		 *
		 * @param type http (GET the path, expect the statuses) or tcp (a connect within
		 * the timeout passes, like HAProxy's check without option httpchk).
		 * @param path Path an http check probes; unset, tandem.gateway.health.path.
		 * @param expectedStatus Statuses that pass an http check: 200, 2xx, 200-399 or a
		 * comma-separated list such as 200,302.
		 */
		public record Health(@DefaultValue("http") String type, String path,
				@DefaultValue("2xx") String expectedStatus) {

			HealthCheck check(String property) {
				HealthCheck.Type checkType = type(property);
				if (this.path != null && checkType == HealthCheck.Type.TCP) {
					throw new IllegalArgumentException(property + ".path is only for type http, but " + property
							+ ".type is tcp; remove the path or set the type to http.");
				}
				if (this.path != null && !this.path.startsWith("/")) {
					throw new IllegalArgumentException(property + ".path must start with '/', such as /index.jsp, "
							+ "but was '" + this.path + "'.");
				}
				ExpectedStatus expected = ExpectedStatus.parse(this.expectedStatus)
					.orElseThrow(() -> new IllegalArgumentException(property + ".expected-status must be a status, "
							+ "a class or a range between 100 and 599, or a comma-separated list of them, such as "
							+ "200, 2xx, 200-399 or 200,302, but was '" + this.expectedStatus + "'."));
				return new HealthCheck(checkType, this.path, expected);
			}

			private HealthCheck.Type type(String property) {
				String name = (this.type != null) ? this.type.strip().toLowerCase(Locale.ROOT) : "";
				return switch (name) {
					case "http" -> HealthCheck.Type.HTTP;
					case "tcp" -> HealthCheck.Type.TCP;
					default -> throw new IllegalArgumentException(
							property + ".type must be http or tcp, but was '" + this.type + "'.");
				};
			}

		}

	}

}
