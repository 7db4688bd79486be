package dev.tandem.gateway.witness;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.tandem.gateway.health.MemberHealth;
import dev.tandem.gateway.health.SessionClusterView;
import dev.tandem.gateway.health.SessionClusterView.ClusterMember;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterWitnessTests {

	private static final String PI2 = "10.0.0.12:5701";

	private static final String PI3 = "10.0.0.13:5701";

	private static final String PI4 = "10.0.0.14:5701";

	@Test
	void shouldLetEveryNodeServeWhenAllReportTheSameView() {
		WitnessVerdict verdict = decide(reporting("pi2", PI2, PI2, PI3, PI4), reporting("pi3", PI3, PI2, PI3, PI4),
				reporting("pi4", PI4, PI2, PI3, PI4));

		assertThat(verdict.winningMembers()).containsExactly(PI2, PI3, PI4);
		assertThat(verdict.supporters()).containsExactly("pi2", "pi3", "pi4");
		assertThat(verdict.rule()).isEqualTo("the only view reported");
		assertThat(verdict.members().values()).allMatch(WitnessVerdict.MemberVerdict::included);
	}

	@Test
	void shouldExcludeANodeCutOffFromItsPeersThatTheGatewayStillReaches() {
		WitnessVerdict verdict = decide(reporting("pi2", PI2, PI2), reporting("pi3", PI3, PI3, PI4),
				reporting("pi4", PI4, PI3, PI4));

		assertThat(verdict.winningMembers()).containsExactly(PI3, PI4);
		assertThat(verdict.rule()).isEqualTo("reported by the most nodes");
		assertThat(verdict.included("pi2")).isFalse();
		assertThat(verdict.members().get("pi2").reason())
			.isEqualTo("its cluster view (1 member) lost to the view of pi3, pi4 (2 members)");
		assertThat(verdict.included("pi3")).isTrue();
		assertThat(verdict.included("pi4")).isTrue();
	}

	@Test
	void shouldLetAStandbyLeftAloneServeWhenTheOthersAreUnreachable() {
		WitnessVerdict verdict = decide(unreachable("pi2", PI2, PI2, PI3, PI4), unreachable("pi3", PI3, PI2, PI3, PI4),
				reporting("pi4", PI4, PI4));

		assertThat(verdict.winningMembers()).containsExactly(PI4);
		assertThat(verdict.included("pi4")).isTrue();
		assertThat(verdict.members().get("pi2").reason()).isEqualTo("not counted: its last probe did not pass");
	}

	@Test
	void shouldNotCountANodeWhoseLastProbeFailedEvenBeforeItIsDown() {
		MemberHealth failedOnce = new MemberHealth("pi2", true, Instant.EPOCH, "timeout after 1s", 0, 1, -1,
				view(PI2, PI2));

		WitnessVerdict verdict = decide(failedOnce, reporting("pi3", PI3, PI2, PI3, PI4),
				reporting("pi4", PI4, PI2, PI3, PI4));

		assertThat(verdict.supporters()).containsExactly("pi3", "pi4");
		assertThat(verdict.included("pi2")).isTrue();
	}

	@Test
	void shouldKeepServingNodesWhoseViewListsANodeTheGatewayCannotReach() {
		WitnessVerdict verdict = decide(reporting("pi2", PI2, PI2, PI3, PI4), unreachable("pi3", PI3, PI2, PI3, PI4),
				reporting("pi4", PI4, PI2, PI3, PI4));

		assertThat(verdict.winningMembers()).containsExactly(PI2, PI3, PI4);
		assertThat(verdict.included("pi2")).isTrue();
		assertThat(verdict.included("pi4")).isTrue();
	}

	@Test
	void shouldExcludeAThawedNodeStillReportingTheViewTheOthersLeft() {
		WitnessVerdict verdict = decide(reporting("pi2", PI2, PI2, PI4), reporting("pi3", PI3, PI2, PI3, PI4),
				reporting("pi4", PI4, PI2, PI4));

		assertThat(verdict.winningMembers()).containsExactly(PI2, PI4);
		assertThat(verdict.included("pi3")).isFalse();
	}

	@Test
	void shouldPreferTheUncontradictedViewOnATieOfTwoNodes() {
		// Two nodes: pi3 thawed with its stale view of both, pi2 moved on alone.
		WitnessVerdict verdict = decide(reporting("pi2", PI2, PI2), reporting("pi3", PI3, PI2, PI3));

		assertThat(verdict.winningMembers()).containsExactly(PI2);
		assertThat(verdict.rule()).isEqualTo("tie on nodes; the other view is contradicted by a node it lists");
		assertThat(verdict.included("pi3")).isFalse();
	}

	@Test
	void shouldBreakATieOfTwoViewsOfEqualSizeByTheOldestMemberOfTheLastWinner() {
		WitnessVerdict both = decide(reporting("pi2", PI2, PI3, PI2), reporting("pi3", PI3, PI3, PI2));

		// The split: each alone; pi3 was the oldest of the view that won.
		WitnessVerdict verdict = ClusterWitness.decide(List.of(reporting("pi2", PI2, PI2), reporting("pi3", PI3, PI3)),
				both, 0);

		assertThat(verdict.winningMembers()).containsExactly(PI3);
		assertThat(verdict.rule()).isEqualTo("tie on nodes; it holds the oldest member of the last winner");
		assertThat(verdict.included("pi2")).isFalse();
	}

	@Test
	void shouldKeepTheLastWinnerOnALaterTie() {
		WitnessVerdict first = decide(reporting("pi2", PI2, PI2), reporting("pi3", PI3, PI3, PI2));
		assertThat(first.winningMembers()).containsExactly(PI2);

		WitnessVerdict verdict = ClusterWitness.decide(List.of(reporting("pi2", PI2, PI2), reporting("pi3", PI3, PI3)),
				first, 0);

		assertThat(verdict.winningMembers()).containsExactly(PI2);
		assertThat(verdict.rule()).isEqualTo("tie on nodes; it won last time");
	}

	@Test
	void shouldBreakATieWithoutHistoryByTheLowestAddress() {
		WitnessVerdict verdict = decide(reporting("pi3", PI3, PI3), reporting("pi2", PI2, PI2));

		assertThat(verdict.winningMembers()).containsExactly(PI2);
		assertThat(verdict.rule()).isEqualTo("tie on nodes; its lowest member address sorts first");
	}

	@Test
	void shouldLetANodeThatLagsOneJoinBehindServe() {
		WitnessVerdict verdict = decide(reporting("pi2", PI2, PI2, PI3, PI4), reporting("pi3", PI3, PI2, PI3),
				reporting("pi4", PI4, PI2, PI3, PI4));

		assertThat(verdict.included("pi3")).isTrue();
		assertThat(verdict.members().get("pi3").reason())
			.isEqualTo("listed in the winning view; its own view lags behind");
	}

	@Test
	void shouldNeverExcludeAMemberThatReportsNoView() {
		MemberHealth tomcat = new MemberHealth("tomcat", true, Instant.EPOCH, "200", 3, 0, 2, null);

		WitnessVerdict verdict = decide(tomcat, reporting("pi2", PI2, PI2));

		assertThat(verdict.included("tomcat")).isTrue();
		assertThat(verdict.members().get("tomcat").reason()).isEqualTo("reports no cluster view");
	}

	@Test
	void shouldExcludeNobodyWhenNoReachableNodeReportsAView() {
		WitnessVerdict verdict = decide(unreachable("pi2", PI2, PI2), unreachable("pi3", PI3, PI3));

		assertThat(verdict.winningViewId()).isNull();
		assertThat(verdict.members().values()).allMatch(WitnessVerdict.MemberVerdict::included);
		assertThat(verdict.safeToPassOn("anything", 0)).isTrue();
	}

	@Test
	void shouldKeepTheLastWinnerWhileTheNodesOfAMergeChangeTheirViewsOneAfterTheOther() {
		WitnessVerdict split = decide(reporting("pi2", PI2, PI2), reporting("pi3", PI3, PI3, PI4),
				reporting("pi4", PI4, PI4, PI3));

		// pi4 already lists pi2 again, pi3 not yet, pi2 still alone: three views of one
		// node.
		WitnessVerdict merging = ClusterWitness.decide(List.of(reporting("pi2", PI2, PI2),
				reporting("pi3", PI3, PI3, PI4), reporting("pi4", PI4, PI4, PI3, PI2)), split, 0);

		assertThat(merging.winningMembers()).containsExactly(PI3, PI4);
		assertThat(merging.rule()).isEqualTo("tie on nodes; it won last time");
		assertThat(merging.included("pi2")).isFalse();
		assertThat(merging.included("pi3")).isTrue();
		assertThat(merging.included("pi4")).isTrue();
	}

	@Test
	void shouldPassOnAnswersOfAViewThatLostOnlyForAWhile() {
		WitnessVerdict all = decide(reporting("pi2", PI2, PI2, PI3), reporting("pi3", PI3, PI3, PI2));
		String allId = all.winningViewId();

		WitnessVerdict alone = ClusterWitness.decide(List.of(reporting("pi2", PI2, PI2), unreachable("pi3", PI3, PI3)),
				all, 1_000);

		assertThat(alone.safeToPassOn(alone.winningViewId(), 1_000)).isTrue();
		assertThat(alone.safeToPassOn(allId, 1_000 + WitnessVerdict.FORMER_WINNER_MILLIS)).isTrue();
		assertThat(alone.safeToPassOn(allId, 1_001 + WitnessVerdict.FORMER_WINNER_MILLIS)).isFalse();
		assertThat(alone.safeToPassOn("never-won", 1_000)).isFalse();

		WitnessVerdict later = ClusterWitness.decide(List.of(reporting("pi2", PI2, PI2), unreachable("pi3", PI3, PI3)),
				alone, 1_001 + WitnessVerdict.FORMER_WINNER_MILLIS);
		assertThat(later.formerWinners()).doesNotContainKey(allId);
	}

	private static WitnessVerdict decide(MemberHealth... members) {
		return ClusterWitness.decide(List.of(members), WitnessVerdict.NONE, 0);
	}

	private static MemberHealth reporting(String id, String self, String... members) {
		return new MemberHealth(id, true, Instant.EPOCH, "200", 3, 0, 2, view(self, members));
	}

	private static MemberHealth unreachable(String id, String self, String... members) {
		return new MemberHealth(id, false, Instant.EPOCH, "connect refused", 0, 3, -1, view(self, members));
	}

	private static SessionClusterView view(String self, String... addresses) {
		List<ClusterMember> members = new ArrayList<>();
		for (String address : addresses) {
			members.add(new ClusterMember(address, null, address.equals(self)));
		}
		// The node's own id for its view: the sorted addresses, as the node derives it.
		String viewId = String.join(",", java.util.Arrays.stream(addresses).sorted().toList());
		return new SessionClusterView(members.size(), members, true, true, 0, 0, viewId);
	}

}
