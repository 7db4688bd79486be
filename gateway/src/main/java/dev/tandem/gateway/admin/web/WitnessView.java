package dev.tandem.gateway.admin.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tandem.gateway.witness.WitnessVerdict;

/**
 * The witness as {@code GET /api/members} shows it under {@code witness}: which cluster
 * view won, reported by which members, by which rule, and which members it excludes and
 * why.
 *
 * @param enabled whether the witness is on
 * @param winningView the winning view's members' cluster addresses, oldest first; empty
 * when no reachable node reports a view
 * @param supporters the members that reported the winning view
 * @param rule which rule chose it
 * @param excluded the members it keeps out, with the reason
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record WitnessView(boolean enabled, List<String> winningView, List<String> supporters, String rule,
		List<Excluded> excluded) {

	static WitnessView of(boolean enabled, WitnessVerdict verdict) {
		List<Excluded> excluded = verdict.members()
			.values()
			.stream()
			.filter((member) -> !member.included())
			.map((member) -> new Excluded(member.memberId(), member.reason()))
			.sorted(java.util.Comparator.comparing(Excluded::member))
			.toList();
		return new WitnessView(enabled, verdict.winningMembers(), verdict.supporters(), verdict.rule(), excluded);
	}

	/**
	 * A member the witness keeps out.
	 *
	 * @param member its id
	 * @param reason why
	 */
	record Excluded(String member, String reason) {

	}

}
