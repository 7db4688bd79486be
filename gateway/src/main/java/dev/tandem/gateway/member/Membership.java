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
 * comes last). Ids are unique, and so are routes; every change makes a new snapshot, so a
 * reader that holds one sees a consistent list however the members change meanwhile.
 */
public final class Membership {

	private final List<Member> members;

	private final Map<String, Member> byId;

	private final Map<String, Member> byRoute;

	private final Set<String> ids;

	private Membership(List<Member> members) {
		Map<String, Member> byId = new LinkedHashMap<>();
		Map<String, Member> byRoute = new LinkedHashMap<>();
		for (Member member : members) {
			if (byId.putIfAbsent(member.id(), member) != null) {
				throw new IllegalArgumentException(
						"Member id '" + member.id() + "' is used twice; member ids must be unique.");
			}
			Member other = byRoute.putIfAbsent(member.route(), member);
			if (other != null) {
				throw new IllegalArgumentException("Members '" + other.id() + "' and '" + member.id()
						+ "' both have the route '" + member.route() + "'; member routes must be unique.");
			}
		}
		this.members = List.copyOf(members);
		this.byId = Map.copyOf(byId);
		this.byRoute = Map.copyOf(byRoute);
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
	 * The member that has exactly this route, whether set apart or taken from its id.
	 * @param route a route, may be {@code null}
	 * @return the member with exactly that route, empty when none
	 */
	public Optional<Member> withRoute(String route) {
		return Optional.ofNullable((route != null) ? this.byRoute.get(route) : null);
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
