package dev.tandem.session.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.session.MapSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The copy a restore puts back: the same session, under an original id that tells Spring
 * Session it is not new.
 */
class SnapshotRestorerTests {

	@Test
	void shouldKeepEverythingButTheOriginalId() {
		MapSession saved = new MapSession("abc");
		saved.setCreationTime(Instant.parse("2026-12-05T07:00:00Z"));
		saved.setLastAccessedTime(Instant.parse("2026-12-05T07:10:00Z"));
		saved.setMaxInactiveInterval(Duration.ofMinutes(30));
		saved.setAttribute("count", 7);
		saved.setAttribute("items", List.of("apple"));

		MapSession copy = SnapshotRestorer.restoredCopy(saved);

		assertThat(copy.getId()).isEqualTo("abc");
		assertThat(copy.getOriginalId()).isEqualTo("restored:abc").isNotEqualTo(copy.getId());
		assertThat(copy.getCreationTime()).isEqualTo(saved.getCreationTime());
		assertThat(copy.getLastAccessedTime()).isEqualTo(saved.getLastAccessedTime());
		assertThat(copy.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(30));
		assertThat(copy.getAttributeNames()).containsExactlyInAnyOrder("count", "items");
		assertThat((Integer) copy.getAttribute("count")).isEqualTo(7);
		assertThat(SessionCodec.expiresAt(copy)).isEqualTo(Instant.parse("2026-12-05T07:40:00Z").toEpochMilli());
	}

	@Test
	void shouldKeepAnOriginalIdThatAlreadyDiffers() {
		MapSession saved = new MapSession("before-login");
		saved.setId("after-login");

		assertThat(SnapshotRestorer.restoredCopy(saved).getOriginalId()).isEqualTo("before-login");
	}

	@Test
	void shouldNeverExpireASessionWithoutTimeout() {
		MapSession saved = new MapSession("abc");
		saved.setMaxInactiveInterval(Duration.ofSeconds(-1));

		assertThat(SessionCodec.expiresAt(saved)).isEqualTo(Long.MAX_VALUE);
	}

}
