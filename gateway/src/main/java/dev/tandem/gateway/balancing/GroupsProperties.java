package dev.tandem.gateway.balancing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.tandem.gateway.balancing.core.GroupPolicy;
import dev.tandem.gateway.balancing.core.Strategy;
import dev.tandem.shared.InvalidSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Each member group's own balancing method and strictness, bound from
 * {@code tandem.gateway.groups.<name>}, as httpd lets each {@code balancer://} have its
 * own {@code lbmethod} and {@code nofailover}. What a group leaves unset is the
 * gateway's. Start-up fails with one sentence naming the property when a method is
 * unknown or a name is no configured member's group. Retries stay the gateway's.
 *
 * @param groups Balancing method and strict affinity of each member group
 * (tandem.gateway.members[i].group) that does not use the gateway's.
 */
@ConfigurationProperties(GroupsProperties.PREFIX)
record GroupsProperties(Map<String, Group> groups) {

	static final String PREFIX = "tandem.gateway";

	GroupsProperties {
		// Binding keeps the order of the configuration; so does the copy.
		Map<String, Group> named = new LinkedHashMap<>();
		if (groups != null) {
			groups.forEach((name, group) -> named.put(name, (group != null) ? group : new Group(null, null)));
		}
		named.forEach((name, group) -> group.check(property(name)));
		groups = Collections.unmodifiableMap(named);
	}

	/**
	 * Checks that each group named here is the group of a configured member.
	 * @param memberGroups the configured members' groups
	 * @throws InvalidSettings naming the first group that no member has
	 */
	void requireMembersFor(Set<String> memberGroups) {
		for (String name : this.groups.keySet()) {
			if (!memberGroups.contains(name)) {
				throw new InvalidSettings(property(name) + " names no member's group; set " + PREFIX
						+ ".members[i].group=" + name + " on the members it is for"
						+ (memberGroups.isEmpty() ? " (no member has a group yet)."
								: ", or name one of the members' groups: " + String.join(", ", memberGroups) + "."));
			}
		}
	}

	/**
	 * The property of a group as it must be written: a name with a '.' in brackets, where
	 * Spring reads it as one key.
	 */
	static String property(String name) {
		return name.contains(".") ? PREFIX + ".groups[" + name + "]" : PREFIX + ".groups." + name;
	}

	/**
	 * Each configured group's policy, what it leaves unset taken from the gateway's.
	 * @param strategy the gateway's balancing method
	 * @param strict the gateway's strict affinity
	 * @return the policies by group name, in configuration order
	 */
	Map<String, GroupPolicy> policies(Strategy strategy, boolean strict) {
		Map<String, GroupPolicy> policies = new LinkedHashMap<>();
		this.groups.forEach((name, group) -> policies.put(name, group.policy(strategy, strict)));
		return policies;
	}

	/**
	 * One group's own settings.
	 *
	 * @param balancing How the group's members are chosen for new clients.
	 * @param affinity How the group's sticky clients are kept.
	 */
	record Group(Balancing balancing, Affinity affinity) {

		void check(String property) {
			if (this.balancing != null && this.balancing.method() != null) {
				try {
					Strategy.named(this.balancing.method());
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException(property + ".balancing.method must be weighted-round-robin, "
							+ "least-busy, p2c-latency or traffic, but was '" + this.balancing.method() + "'.");
				}
			}
		}

		GroupPolicy policy(Strategy strategy, boolean strict) {
			String method = (this.balancing != null) ? this.balancing.method() : null;
			Boolean ownStrict = (this.affinity != null) ? this.affinity.strict() : null;
			return new GroupPolicy((method != null) ? Strategy.named(method) : strategy,
					(ownStrict != null) ? ownStrict : strict);
		}

	}

	/**
	 * A group's balancing.
	 *
	 * @param method Balancing method among the group's members: weighted-round-robin,
	 * least-busy, p2c-latency or traffic; the gateway's (tandem.gateway.balancing.method)
	 * when unset.
	 */
	record Balancing(String method) {

	}

	/**
	 * A group's affinity.
	 *
	 * @param strict Refuse (503) rather than move a sticky client of the group whose
	 * member is unusable; the gateway's (tandem.gateway.affinity.strict) when unset.
	 */
	record Affinity(Boolean strict) {

	}

}
