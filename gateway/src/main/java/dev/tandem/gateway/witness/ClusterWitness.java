package dev.tandem.gateway.witness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tandem.gateway.health.MemberHealth;
import dev.tandem.gateway.health.SessionClusterView;

/**
 * Decides which cluster view serves, from the views the reachable nodes reported at their
 * last probe. Only nodes whose last probe passed count; the others are the health checks'
 * business. The nodes are grouped by view id and the winner is, in this order:
 * <ol>
 * <li>the view the most reachable nodes report;</li>
 * <li>a view no reachable node listed in it contradicts (by reporting another view), so a
 * stale view that still lists a node which has moved on loses;</li>
 * <li>the view that won last time;</li>
 * <li>the view holding the oldest member of the view that won last time (the Hazelcast
 * master, first in its member list);</li>
 * <li>the view whose lowest member address sorts first.</li>
 * </ol>
 * A node is excluded when it reported a view and its own address is not in the winning
 * view: cut off from its peers, or thawed with a view the others have left. A node that
 * lags one membership change behind (its view lists it and lost) keeps serving. Nodes
 * that report no view at all (a plain Tomcat) are never excluded.
 */
final class ClusterWitness {

	private ClusterWitness() {
	}

	static WitnessVerdict decide(List<MemberHealth> members, WitnessVerdict previous, long nowMillis) {
		Map<String, List<MemberHealth>> groups = new LinkedHashMap<>();
		for (MemberHealth member : members) {
			if (counts(member)) {
				groups.computeIfAbsent(member.cluster().viewId(), (id) -> new ArrayList<>()).add(member);
			}
		}
		if (groups.isEmpty()) {
			return new WitnessVerdict(null, List.of(), List.of(), "no reachable node reports a cluster view",
					former(previous, null, nowMillis), notJudged(members));
		}
		List<Candidate> candidates = new ArrayList<>();
		groups.forEach((viewId,
				reporters) -> candidates.add(new Candidate(viewId, reporters.get(0).cluster(),
						reporters.stream().map(MemberHealth::memberId).toList(),
						contradicted(reporters.get(0).cluster(), viewId, members))));
		Comparator<Candidate> order = Comparator.comparingInt((Candidate c) -> -c.supporters().size())
			.thenComparing((Candidate c) -> !c.viewId().equals(previous.winningViewId()))
			.thenComparing(Candidate::contradicted)
			.thenComparing((Candidate c) -> !containsOldest(c, previous))
			.thenComparing(Candidate::lowestAddress);
		candidates.sort(order);
		Candidate winner = candidates.get(0);
		String rule = rule(candidates, previous);
		Map<String, WitnessVerdict.MemberVerdict> verdicts = new LinkedHashMap<>();
		for (MemberHealth member : members) {
			verdicts.put(member.memberId(), judge(member, winner));
		}
		List<String> addresses = winner.view()
			.members()
			.stream()
			.map(SessionClusterView.ClusterMember::address)
			.toList();
		return new WitnessVerdict(winner.viewId(), addresses, winner.supporters(), rule,
				former(previous, winner.viewId(), nowMillis), verdicts);
	}

	// The winners that lost lately, the one that just lost included.
	private static Map<String, Long> former(WitnessVerdict previous, String winner, long nowMillis) {
		Map<String, Long> former = new LinkedHashMap<>();
		previous.formerWinners().forEach((viewId, lostAt) -> {
			if (nowMillis - lostAt <= WitnessVerdict.FORMER_WINNER_MILLIS) {
				former.put(viewId, lostAt);
			}
		});
		String lost = previous.winningViewId();
		if (lost != null && !lost.equals(winner)) {
			former.put(lost, nowMillis);
		}
		if (winner != null) {
			former.remove(winner);
		}
		return former;
	}

	private static boolean counts(MemberHealth member) {
		return member.up() && member.consecutiveFailures() == 0 && member.cluster() != null
				&& member.cluster().viewId() != null;
	}

	// Another reachable node listed in this view reports a different one.
	private static boolean contradicted(SessionClusterView view, String viewId, List<MemberHealth> members) {
		for (MemberHealth member : members) {
			if (counts(member) && !viewId.equals(member.cluster().viewId())
					&& view.includes(member.cluster().localAddress())) {
				return true;
			}
		}
		return false;
	}

	private static boolean containsOldest(Candidate candidate, WitnessVerdict previous) {
		return !previous.winningMembers().isEmpty() && candidate.view().includes(previous.winningMembers().get(0));
	}

	private static String rule(List<Candidate> sorted, WitnessVerdict previous) {
		if (sorted.size() == 1) {
			return "the only view reported";
		}
		Candidate first = sorted.get(0);
		Candidate second = sorted.get(1);
		if (first.supporters().size() > second.supporters().size()) {
			return "reported by the most nodes";
		}
		if (first.viewId().equals(previous.winningViewId())) {
			return "tie on nodes; it won last time";
		}
		if (!first.contradicted() && second.contradicted()) {
			return "tie on nodes; the other view is contradicted by a node it lists";
		}
		if (containsOldest(first, previous)) {
			return "tie on nodes; it holds the oldest member of the last winner";
		}
		return "tie on nodes; its lowest member address sorts first";
	}

	private static WitnessVerdict.MemberVerdict judge(MemberHealth member, Candidate winner) {
		SessionClusterView view = member.cluster();
		String viewId = (view != null) ? view.viewId() : null;
		if (!counts(member)) {
			String reason = (view == null || viewId == null) ? "reports no cluster view"
					: "not counted: its last probe did not pass";
			return new WitnessVerdict.MemberVerdict(member.memberId(), true, viewId, reason);
		}
		if (viewId.equals(winner.viewId())) {
			return new WitnessVerdict.MemberVerdict(member.memberId(), true, viewId, "in the winning view");
		}
		if (winner.view().includes(view.localAddress())) {
			return new WitnessVerdict.MemberVerdict(member.memberId(), true, viewId,
					"listed in the winning view; its own view lags behind");
		}
		return new WitnessVerdict.MemberVerdict(member.memberId(), false, viewId,
				"its cluster view (" + describe(view) + ") lost to the view of "
						+ String.join(", ", winner.supporters()) + " (" + describe(winner.view()) + ")");
	}

	private static String describe(SessionClusterView view) {
		int size = view.members().size();
		return size + ((size == 1) ? " member" : " members");
	}

	private static Map<String, WitnessVerdict.MemberVerdict> notJudged(List<MemberHealth> members) {
		Map<String, WitnessVerdict.MemberVerdict> verdicts = new LinkedHashMap<>();
		for (MemberHealth member : members) {
			verdicts.put(member.memberId(), judge(member, null));
		}
		return verdicts;
	}

	private record Candidate(String viewId, SessionClusterView view, List<String> supporters, boolean contradicted) {

		String lowestAddress() {
			return this.view.members()
				.stream()
				.map(SessionClusterView.ClusterMember::address)
				.filter((address) -> address != null)
				.sorted()
				.findFirst()
				.orElse("");
		}

	}

}
