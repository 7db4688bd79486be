package dev.tandem.gateway.health;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import static org.assertj.core.api.Assertions.assertThat;

class MembersHealthIndicatorTests {

	private static final MemberHealth WAS1_UP = new MemberHealth("was1", true, Instant.ofEpochSecond(60), "200", 5, 0);

	private static final MemberHealth WAS2_DOWN = new MemberHealth("was2", false, Instant.ofEpochSecond(61),
			"connect refused", 0, 3);

	@Test
	void shouldBeUpWhileOneMemberIsUpWithDetailsPerMember() {
		Health health = MembersHealthIndicator.health(new MemberHealthSnapshot(List.of(WAS1_UP, WAS2_DOWN)));

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsOnlyKeys("was1", "was2");
		assertThat(health.getDetails().get("was2")).isEqualTo(Map.of("state", "DOWN", "lastReason", "connect refused",
				"lastCheck", "1970-01-01T00:01:01Z", "consecutivePasses", 0, "consecutiveFailures", 3));
	}

	@Test
	void shouldBeDownOnlyWhenNoMemberIsUp() {
		Health health = MembersHealthIndicator.health(new MemberHealthSnapshot(List.of(WAS2_DOWN)));

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void shouldLeaveOutTheLastCheckBeforeTheFirstProbe() {
		Health health = MembersHealthIndicator
			.health(new MemberHealthSnapshot(List.of(MemberHealth.initial("was1", "not checked yet"))));

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails().get("was1")).isEqualTo(Map.of("state", "UP", "lastReason", "not checked yet",
				"consecutivePasses", 0, "consecutiveFailures", 0));
	}

}
