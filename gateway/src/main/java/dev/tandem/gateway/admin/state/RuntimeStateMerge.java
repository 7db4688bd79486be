package dev.tandem.gateway.admin.state;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.tandem.gateway.member.AdminState;
import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.Membership;

/**
 * The start-up rule that merges the configuration with the saved runtime state; a pure
 * function. The state file records, next to each runtime value, what the configuration
 * said when the state was written, so that the rule can tell an operator's runtime change
 * (to keep) from an edit of the configuration made since (to follow):
 * <ol>
 * <li>For a member in both, each of weight, tier, state and address keeps its saved
 * runtime value, unless the configuration's value for that field differs from the
 * configured value the file recorded: the operator edited the configuration since, and
 * the configuration wins for that field.</li>
 * <li>If the configured address changed, the member is taken wholly from the
 * configuration: a new address is another machine, and runtime values meant for the old
 * one must not carry over (a state file overriding a changed address is a known trap with
 * HAProxy's server-state file).</li>
 * <li>A member added at runtime that the configuration does not name is kept, after the
 * configured members, in its saved order; if the configuration now names it too, the
 * configuration wins, and if the configuration now gives its route to another member, it
 * is dropped. A member's route always comes from the configuration.</li>
 * <li>A configured member removed at runtime stays removed, unless its configuration
 * differs from the values recorded at removal: then it comes back as configured.</li>
 * <li>A configured member the file never heard of starts as configured; a member the file
 * recorded as configured that the configuration no longer names is dropped.</li>
 * <li>A pending expiry holds while its member is present and in the expiry's state.</li>
 * </ol>
 * Order: the configuration's order, then the members added at runtime. Each decision that
 * makes the start differ from the configuration, or drops a saved runtime value, gives
 * one note. An empty state (no file) gives the configuration and no notes.
 */
public final class RuntimeStateMerge {

	private RuntimeStateMerge() {
	}

	/**
	 * The members to start with.
	 * @param configured the configured members
	 * @param saved the state read from the file, possibly empty
	 * @return the members, the expiries that still hold and the notes to log
	 */
	public static MergedMembers merge(Membership configured, RuntimeState saved) {
		if (saved.isEmpty()) {
			return new MergedMembers(configured, configured, List.of(), List.of(), 0);
		}
		Map<String, SavedMember> savedById = new LinkedHashMap<>();
		saved.members().forEach((member) -> savedById.put(member.id(), member));
		Map<String, RemovedMember> removedById = new LinkedHashMap<>();
		saved.removed().forEach((member) -> removedById.put(member.id(), member));
		List<Member> members = new ArrayList<>();
		List<String> notes = new ArrayList<>();
		for (Member wanted : configured.members()) {
			SavedMember savedMember = savedById.get(wanted.id());
			RemovedMember removed = removedById.get(wanted.id());
			if (savedMember != null) {
				members.add(merge(wanted, savedMember, notes));
			}
			else if (removed != null) {
				String changes = changes(removed.configured(), MemberValues.of(wanted));
				if (changes.isEmpty()) {
					notes.add(note(wanted.id(),
							"removed at runtime; stays removed while its configuration is " + "unchanged"));
				}
				else {
					members.add(wanted);
					notes.add(note(wanted.id(), "removed at runtime, but its configuration changed since (" + changes
							+ "); back as " + "configured"));
				}
			}
			else {
				members.add(wanted);
			}
		}
		for (SavedMember savedMember : saved.members()) {
			if (configured.contains(savedMember.id())) {
				continue;
			}
			Member sameRoute = sameRoute(members, savedMember.member());
			if (savedMember.addedAtRuntime() && sameRoute != null) {
				notes.add(note(savedMember.id(), "added at runtime with the route '" + savedMember.member().route()
						+ "', which the configuration now gives member " + sameRoute.id() + "; dropped"));
			}
			else if (savedMember.addedAtRuntime()) {
				members.add(savedMember.member());
				notes.add(note(savedMember.id(), "added at runtime (" + values(savedMember.member()) + "); kept"));
			}
			else {
				notes.add(note(savedMember.id(),
						"no longer in the configuration; dropped with its saved runtime " + "values"));
			}
		}
		Membership membership = Membership.of(members);
		List<PendingExpiry> expiries = RuntimeState.stillPending(saved.expiries(), membership);
		for (PendingExpiry expiry : saved.expiries()) {
			if (!expiries.contains(expiry)) {
				String now = membership.member(expiry.memberId())
					.map((member) -> "the member is now " + member.state().configName())
					.orElse("the member is gone");
				notes.add(note(expiry.memberId(), "pending return to " + expiry.returnTo().configName() + " at "
						+ expiry.at() + " dropped, as " + now));
			}
		}
		return new MergedMembers(configured, membership, expiries, notes, saved.revision());
	}

	private static Member merge(Member wanted, SavedMember saved, List<String> notes) {
		Member runtime = saved.member();
		MemberValues recorded = saved.configured();
		if (recorded == null) {
			notes.add(note(wanted.id(), "added at runtime and now also in the configuration; taken from the "
					+ "configuration" + dropped(runtime, wanted)));
			return wanted;
		}
		if (!wanted.uri().equals(recorded.uri())) {
			notes.add(note(wanted.id(),
					"configured address changed from " + recorded.uri() + " to " + wanted.uri()
							+ " since the state was saved; taken wholly from the configuration, as a new address "
							+ "is another machine" + dropped(runtime, wanted)));
			return wanted;
		}
		List<String> parts = new ArrayList<>();
		// The configured address is unchanged here, so only the runtime one can differ.
		URI uri = pick("address", wanted.uri(), recorded.uri(), runtime.uri(), parts);
		int weight = pick("weight", wanted.weight(), recorded.weight(), runtime.weight(), parts);
		int tier = pick("tier", wanted.tier(), recorded.tier(), runtime.tier(), parts);
		AdminState state = pick("state", wanted.state(), recorded.state(), runtime.state(), parts);
		if (!parts.isEmpty()) {
			notes.add(note(wanted.id(), String.join("; ", parts)));
		}
		// A route or group is never changed at runtime: the configuration's is the one.
		return new Member(wanted.id(), uri, weight, tier, state, wanted.route(), wanted.group());
	}

	/** The member that already has the route of a runtime-added one, or {@code null}. */
	private static Member sameRoute(List<Member> members, Member added) {
		return members.stream().filter(added::clashesOnRoute).findFirst().orElse(null);
	}

	/**
	 * One field of a member in both: the runtime value unless the configuration was
	 * edited since; a part of the note when the result is not the configured value or a
	 * runtime value is dropped.
	 */
	private static <T> T pick(String field, T configuredNow, T configuredThen, T runtime, List<String> parts) {
		if (!Objects.equals(configuredNow, configuredThen)) {
			if (!Objects.equals(runtime, configuredNow)) {
				parts.add(field + " " + show(configuredNow) + " from the configuration, edited from "
						+ show(configuredThen) + " since the state was saved (runtime " + field + " " + show(runtime)
						+ " dropped)");
			}
			return configuredNow;
		}
		if (!Objects.equals(runtime, configuredNow)) {
			parts.add(field + " " + show(runtime) + " kept from the saved state (configured " + show(configuredNow)
					+ ")");
		}
		return runtime;
	}

	/** The saved runtime values that the configuration's member replaces, if any. */
	private static String dropped(Member runtime, Member wanted) {
		List<String> differences = new ArrayList<>();
		if (!runtime.uri().equals(wanted.uri())) {
			differences.add("address " + runtime.uri());
		}
		if (runtime.weight() != wanted.weight()) {
			differences.add("weight " + runtime.weight());
		}
		if (runtime.tier() != wanted.tier()) {
			differences.add("tier " + runtime.tier());
		}
		if (runtime.state() != wanted.state()) {
			differences.add("state " + runtime.state().configName());
		}
		return differences.isEmpty() ? "" : " (runtime " + String.join(", ", differences) + " dropped)";
	}

	/** What changed between two sets of configured values, empty when nothing did. */
	private static String changes(MemberValues then, MemberValues now) {
		List<String> changes = new ArrayList<>();
		change("address", then.uri(), now.uri(), changes);
		change("weight", then.weight(), now.weight(), changes);
		change("tier", then.tier(), now.tier(), changes);
		change("state", then.state(), now.state(), changes);
		return String.join(", ", changes);
	}

	private static void change(String field, Object then, Object now, List<String> changes) {
		if (!then.equals(now)) {
			changes.add(field + " " + show(then) + " -> " + show(now));
		}
	}

	private static String values(Member member) {
		return member.uri() + ", weight " + member.weight() + ", tier " + member.tier() + ", "
				+ member.state().configName();
	}

	private static String show(Object value) {
		return (value instanceof AdminState state) ? state.configName() : String.valueOf(value);
	}

	private static String note(String id, String text) {
		return "member " + id + ": " + text;
	}

}
