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
 * @param formerWinners the views that lost their place lately, with when (epoch millis):
 * an answer written in one before it lost is still on its way and safe to pass on
 * @param members the verdict on each member, by member id
 */
public record WitnessVerdict(String winningViewId, List<String> winningMembers, List<String> supporters, String rule,
		Map<String, Long> formerWinners, Map<String, MemberVerdict> members) {

	/** The verdict before any probe: nobody excluded. */
	static final WitnessVerdict NONE = new WitnessVerdict(null, List.of(), List.of(), "no view reported yet", Map.of(),
			Map.of());

	public WitnessVerdict {
		winningMembers = List.copyOf(winningMembers);
		supporters = List.copyOf(supporters);
		formerWinners = Map.copyOf(formerWinners);
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
	 * How long a view that lost its place still counts for answers written in it: longer
	 * than a member may take to answer (the response timeout, 10 s by default), and short
	 * enough that a view which once won does not pass for a winner in a later split.
	 */
	static final long FORMER_WINNER_MILLIS = 15_000;

	/**
	 * Whether an answer written in this view may be passed on: the view wins now, or won
	 * until moments ago (the answer was written before it lost).
	 * @param viewId the view the answering node wrote in
	 * @param nowMillis the time now, epoch millis
	 * @return whether it is safe
	 */
	public boolean safeToPassOn(String viewId, long nowMillis) {
		if (this.winningViewId == null || this.winningViewId.equals(viewId)) {
			return true;
		}
		Long lostAt = this.formerWinners.get(viewId);
		return lostAt != null && nowMillis - lostAt <= FORMER_WINNER_MILLIS;
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
