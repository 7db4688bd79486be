package dev.tandem.gateway.witness;

import java.util.List;
import java.util.Map;

/**
 * What the witness decided from one set of probe answers, as an immutable value: which
 * cluster view won and why, the views that won recently, and for each member whether it
 * may serve.
 *
 * @param winningViewId the winning view's id, {@code null} when no reachable node
 * reported a view (then the witness excludes nobody)
 * @param winningMembers the winning view's members' cluster addresses, oldest first
 * @param supporters the ids of the members that reported the winning view
 * @param rule which rule chose the winner, for people
 * @param recentWinners the ids of the views that won lately, the current one included: an
 * answer written in one of them is safe to pass on
 * @param members the verdict on each member, by member id
 */
public record WitnessVerdict(String winningViewId, List<String> winningMembers, List<String> supporters, String rule,
		List<String> recentWinners, Map<String, MemberVerdict> members) {

	/** The verdict before any probe: nobody excluded. */
	static final WitnessVerdict NONE = new WitnessVerdict(null, List.of(), List.of(), "no view reported yet", List.of(),
			Map.of());

	public WitnessVerdict {
		winningMembers = List.copyOf(winningMembers);
		supporters = List.copyOf(supporters);
		recentWinners = List.copyOf(recentWinners);
		members = Map.copyOf(members);
	}

	/**
	 * Whether the witness lets the member serve; a member it has no verdict on may.
	 * @param memberId the member
	 * @return false only when the member is excluded
	 */
	public boolean included(String memberId) {
		MemberVerdict verdict = this.members.get(memberId);
		return verdict == null || verdict.included();
	}

	/**
	 * Whether an answer written in this view may be passed on: the view won now or
	 * lately.
	 * @param viewId the view the answering node wrote in
	 * @return whether it is a recent winner
	 */
	public boolean safeToPassOn(String viewId) {
		return this.winningViewId == null || this.recentWinners.contains(viewId);
	}

	/**
	 * The witness's verdict on one member.
	 *
	 * @param memberId the member id
	 * @param included whether it may serve as far as the witness is concerned
	 * @param viewId the id of the view it reported last, {@code null} when none
	 * @param reason why, in a sentence for the dashboard and the log
	 */
	public record MemberVerdict(String memberId, boolean included, String viewId, String reason) {

	}

}
