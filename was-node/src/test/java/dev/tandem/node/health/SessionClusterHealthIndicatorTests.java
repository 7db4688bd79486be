package dev.tandem.node.health;

import java.util.List;

import dev.tandem.node.session.SessionClusterState;
import dev.tandem.node.session.SessionClusterState.Member;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import static org.assertj.core.api.Assertions.assertThat;

class SessionClusterHealthIndicatorTests {

	private static final List<Member> TWO_MEMBERS = List.of(new Member("10.0.0.2:5701", "pi-2", true),
			new Member("10.0.0.3:5701", "pi-3", false));

	@Test
	void shouldBeUpWhenTheMemberHasJoinedAnActiveCluster() {
		Health health = healthOf(new SessionClusterState(true, true, true, "ACTIVE", TWO_MEMBERS));

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("members", 2).containsEntry("clusterState", "ACTIVE");
	}

	@Test
	void shouldBeDownWhenTheMemberIsNotRunning() {
		Health health = healthOf(SessionClusterState.notRunning());

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("running", false).containsEntry("members", 0);
	}

	@Test
	void shouldBeDownWhenTheMemberIsNotInTheMemberList() {
		Health health = healthOf(new SessionClusterState(true, false, true, "ACTIVE", TWO_MEMBERS));

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("joined", false);
	}

	@Test
	void shouldBeDownWhenTheClusterIsNotActive() {
		Health health = healthOf(new SessionClusterState(true, true, false, "PASSIVE", TWO_MEMBERS));

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("clusterState", "PASSIVE");
	}

	private static Health healthOf(SessionClusterState state) {
		return new SessionClusterHealthIndicator(() -> state).health();
	}

}
