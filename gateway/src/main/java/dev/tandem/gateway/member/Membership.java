package dev.tandem.gateway.member;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The members at one moment, immutable and in configuration order (a member added later
 * comes last). Ids are unique, and so are routes, except that members of different groups
 * may share one (two applications on the same Tomcats carry the same {@code jvmRoute});
 * every change makes a new snapshot, so a reader that holds one sees a consistent list
 * however the members change meanwhile.
 */
public final class Membership {

	private final List<Member> members;

	private final Map<String, Member> byId;

	/** Routes that name one member whatever the group; a shared route names none. */
	private final Map<String, Member> byRoute;

	/** Each group's members by route. */
	private final Map<String, Map<String, Member>> byGroupRoute;

	private final Set<String> ids;

	private Membership(List<Member> members) {
		Map<String, Member> byId = new LinkedHashMap<>();
		Map<String, List<Member>> byRoute = new LinkedHashMap<>();
		Map<String, Map<String, Member>> byGroupRoute = new LinkedHashMap<>();
		for (Member member : members) {
			if (byId.putIfAbsent(member.id(), member) != null) {
				throw new IllegalArgumentException(
						"Member id '" + member.id() + "' is used twice; member ids must be unique.");
			}
			List<Member> sameRoute = byRoute.computeIfAbsent(member.route(), (route) -> new ArrayList<>());
			for (Member other : sameRoute) {
				if (member.clashesOnRoute(other)) {
					throw new IllegalArgumentException(
							"Members '" + other.id() + "' and '" + member.id() + "' both have the route '"
									+ member.route() + "'; member routes must be unique " + "within a group.");
				}
			}
			sameRoute.add(member);
			if (member.group() != null) {
				byGroupRoute.computeIfAbsent(member.group(), (group) -> new LinkedHashMap<>())
					.put(member.route(), member);
			}
		}
		this.members = List.copyOf(members);
		this.byId = Map.copyOf(byId);
		Map<String, Member> unambiguous = new LinkedHashMap<>();
		byRoute.forEach((route, named) -> {
			if (named.size() == 1) {
				unambiguous.put(route, named.get(0));
			}
		});
		this.byRoute = Map.copyOf(unambiguous);
		Map<String, Map<String, Member>> groups = new LinkedHashMap<>();
		byGroupRoute.forEach((group, routes) -> groups.put(group, Map.copyOf(routes)));
		this.byGroupRoute = Map.copyOf(groups);
		// Map.copyOf keeps no order; the ids keep configuration order.
		this.ids = Collections.unmodifiableSet(new LinkedHashSet<>(byId.keySet()));
	}

	/**
	 * A snapshot of these members.
	 * @param members the members in configuration order, ids unique
	 * @return the snapshot
	 */
	public static Membership of(List<Member> members) {
		return new Membership(members);
	}

	/**
	 * Every member, in configuration order.
	 * @return an immutable list
	 */
	public List<Member> members() {
		return this.members;
	}

	/**
	 * The member with this id.
	 * @param id a member id, may be {@code null}
	 * @return the member, empty when there is none with that id
	 */
	public Optional<Member> member(String id) {
		return Optional.ofNullable((id != null) ? this.byId.get(id) : null);
	}

	/**
	 * Whether a member has this id; cheap enough for the request path.
	 * @param id a member id, may be {@code null}
	 * @return whether it is a member's id
	 */
	public boolean contains(String id) {
		return id != null && this.byId.containsKey(id);
	}

	/**
	 * Whether a member has this id and serves a route to this group; cheap enough for the
	 * request path.
	 * @param id a member id, may be {@code null}
	 * @param group a group, {@code null} for a route to every member
	 * @return whether that member exists and serves the group
	 */
	public boolean serves(String id, String group) {
		Member member = (id != null) ? this.byId.get(id) : null;
		return member != null && member.serves(group);
	}

	/**
	 * The member a session id's route names: the member with that route, else the member
	 * with that id, so a route set apart from the id does not strand the sessions that
	 * already carry the id. Cheap enough for the request path.
	 * @param route the text after the first '.' of a session id, may be {@code null}
	 * @return the member, empty when no member has that route or id
	 */
	public Optional<Member> routedTo(String route) {
		if (route == null) {
			return Optional.empty();
		}
		Member member = this.byRoute.get(route);
		return (member != null) ? Optional.of(member) : Optional.ofNullable(this.byId.get(route));
	}

	/**
	 * The member a session id's route names among the members serving a group: as
	 * {@link #routedTo(String)}, but only a member of the group counts. Cheap enough for
	 * the request path.
	 * @param route the text after the first '.' of a session id, may be {@code null}
	 * @param group the group the request is routed to, {@code null} for every member
	 * @return the member, empty when no member of the group has that route or id
	 */
	public Optional<Member> routedTo(String route, String group) {
		if (group == null) {
			return routedTo(route);
		}
		if (route == null) {
			return Optional.empty();
		}
		Map<String, Member> routes = this.byGroupRoute.get(group);
		Member member = (routes != null) ? routes.get(route) : null;
		if (member == null) {
			member = this.byId.get(route);
		}
		return (member != null && member.serves(group)) ? Optional.of(member) : Optional.empty();
	}

	/**
	 * The member whose route the given one may not share: the same route, and not both in
	 * groups that differ.
	 * @param candidate a member to be added
	 * @return the member it clashes with, empty when none
	 */
	public Optional<Member> routeClash(Member candidate) {
		return this.members.stream().filter(candidate::clashesOnRoute).findFirst();
	}

	/**
	 * The groups of the members, in configuration order.
	 * @return the group names, empty when no member has one
	 */
	public Set<String> groups() {
		Set<String> groups = new LinkedHashSet<>();
		this.members.stream().map(Member::group).filter((group) -> group != null).forEach(groups::add);
		return groups;
	}

	/**
	 * The member ids, in configuration order.
	 * @return an immutable set
	 */
	public Set<String> ids() {
		return this.ids;
	}

	/**
	 * How many members there are.
	 * @return the count
	 */
	public int size() {
		return this.members.size();
	}

	/**
	 * This membership with a member replaced (same id, same place) or added at the end.
	 * @param member the member
	 * @return the new snapshot
	 */
	public Membership with(Member member) {
		List<Member> changed = new ArrayList<>(this.members);
		int index = indexOf(member.id());
		if (index >= 0) {
			changed.set(index, member);
		}
		else {
			changed.add(member);
		}
		return new Membership(changed);
	}

	/**
	 * This membership without the member of this id.
	 * @param id the member id
	 * @return the new snapshot, this one when there is no such member
	 */
	public Membership without(String id) {
		int index = indexOf(id);
		if (index < 0) {
			return this;
		}
		List<Member> changed = new ArrayList<>(this.members);
		changed.remove(index);
		return new Membership(changed);
	}

	private int indexOf(String id) {
		for (int i = 0; i < this.members.size(); i++) {
			if (this.members.get(i).id().equals(id)) {
				return i;
			}
		}
		return -1;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof Membership membership) && this.members.equals(membership.members);
	}

	@Override
	public int hashCode() {
		return this.members.hashCode();
	}

	@Override
	public String toString() {
		return "Membership" + this.members;
	}

}
