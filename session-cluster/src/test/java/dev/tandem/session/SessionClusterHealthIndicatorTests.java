package dev.tandem.session;

import java.util.List;

import dev.tandem.session.SessionClusterState.Member;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import static org.assertj.core.api.Assertions.assertThat;

class SessionClusterHealthIndicatorTests {

	private static final List<Member> TWO_MEMBERS = List.of(new Member("10.0.0.2:5701", "pi-2", true),
			new Member("10.0.0.3:5701", "pi-3", false));

	@Test
	void shouldBeUpWhenTheMemberHasJoinedAnActiveSettledCluster() {
		Health health = healthOf(state(true, true, true, "ACTIVE", true, 0, true));

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("members", 2)
			.containsEntry("clusterState", "ACTIVE")
			.containsEntry("localMemberSafe", true)
			.containsEntry("settled", true)
			.doesNotContainKeys("minSize", "minSizeMet");
	}

	@Test
	void shouldShowWhatThisMemberSeesOfTheClusterAndTheSessionsItHolds() {
		Health health = healthOf(
				new SessionClusterState(true, true, true, "ACTIVE", TWO_MEMBERS, true, false, true, 0, true, 7, 5));

		assertThat(health.getDetails()).containsEntry("members", 2)
			.containsEntry("clusterSize", 2)
			.containsEntry("memberList", TWO_MEMBERS)
			.containsEntry("viewId", ClusterViewId.of(List.of("10.0.0.3:5701", "10.0.0.2:5701")))
			.containsEntry("clusterSafe", false)
			.containsEntry("ownedSessions", 7L)
			.containsEntry("backupSessions", 5L);
	}

	@Test
	void shouldBeDownWhenTheMemberIsNotRunning() {
		Health health = healthOf(SessionClusterState.notRunning(0));

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("running", false)
			.containsEntry("members", 0)
			.containsEntry("memberList", List.of())
			.containsEntry("clusterSafe", false)
			.containsEntry("ownedSessions", -1L)
			.containsEntry("backupSessions", -1L);
	}

	@Test
	void shouldBeDownWhenTheMemberIsNotInTheMemberList() {
		Health health = healthOf(state(true, false, true, "ACTIVE", true, 0, true));

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("joined", false);
	}

	@Test
	void shouldBeDownWhenTheClusterIsNotActive() {
		Health health = healthOf(state(true, true, false, "PASSIVE", true, 0, true));

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("clusterState", "PASSIVE");
	}

	@Test
	void shouldBeDownUntilTheClusterHasBeenSafeOnce() {
		Health health = healthOf(state(true, true, true, "ACTIVE", false, 0, true));

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("settled", false);
	}

	@Test
	void shouldStayUpWhilePartitionsMigrateAfterStart() {
		Health health = healthOf(
				new SessionClusterState(true, true, true, "ACTIVE", TWO_MEMBERS, false, false, true, 0, true, 0, 0));

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("localMemberSafe", false);
	}

	@Test
	void shouldBeDownOnASideSmallerThanTheMinimumSize() {
		Health health = healthOf(state(true, true, true, "ACTIVE", true, 3, false));

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("minSize", 3).containsEntry("minSizeMet", false);
	}

	@Test
	void shouldBeUpOnASideAtLeastTheMinimumSize() {
		Health health = healthOf(state(true, true, true, "ACTIVE", true, 2, true));

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("minSize", 2).containsEntry("minSizeMet", true);
	}

	private static SessionClusterState state(boolean running, boolean joined, boolean active, String clusterState,
			boolean settled, int minSize, boolean minSizeMet) {
		return new SessionClusterState(running, joined, active, clusterState, TWO_MEMBERS, true, settled, settled,
				minSize, minSizeMet, 0, 0);
	}

	private static Health healthOf(SessionClusterState state) {
		return new SessionClusterHealthIndicator(() -> state).health();
	}

}
