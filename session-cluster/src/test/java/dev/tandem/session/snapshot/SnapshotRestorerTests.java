package dev.tandem.session.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.map.IMap;
import org.junit.jupiter.api.Test;

import org.springframework.session.MapSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.withSettings;

/**
 * The copy a restore puts back: the same session, under an original id that tells Spring
 * Session it is not new; and a write the cluster cannot confirm, which a restore tries
 * again and, failing that, leaves out without failing.
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

	@Test
	@SuppressWarnings("unchecked")
	void shouldCountASessionWhoseUnconfirmedPutLandedAsRestored() {
		IMap<String, MapSession> sessions = mock(IMap.class);
		SessionCodec codec = codec();
		MapSession saved = live("abc");
		MapSession landed = SnapshotRestorer.restoredCopy(saved);
		// The first put's backup did not acknowledge in time, but the owner applied it.
		given(sessions.get("abc")).willReturn(null, landed);
		given(sessions.putIfAbsent(eq("abc"), any(), anyLong(), eq(TimeUnit.SECONDS)))
			.willThrow(new IndeterminateOperationStateException("backup acks missed"));

		SnapshotRestorer.Result result = new SnapshotRestorer(sessions, codec,
				new RemovedSessions(mock(HazelcastInstance.class), Duration.ZERO))
			.restore(List.of(codec.record(saved)), System.currentTimeMillis());

		assertThat(result.restored()).isOne();
		assertThat(result.refused()).isZero();
		verify(sessions).setTtl("abc", 1800, TimeUnit.SECONDS);
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldLeaveOutASessionTheClusterNeverConfirmsAndGoOn() {
		IMap<String, MapSession> sessions = mock(IMap.class);
		SessionCodec codec = codec();
		given(sessions.putIfAbsent(eq("abc"), any(), anyLong(), eq(TimeUnit.SECONDS)))
			.willThrow(new IndeterminateOperationStateException("backup acks missed"));

		SnapshotRestorer.Result result = new SnapshotRestorer(sessions, codec,
				new RemovedSessions(mock(HazelcastInstance.class), Duration.ZERO))
			.restore(List.of(codec.record(live("abc")), codec.record(live("def"))), System.currentTimeMillis());

		assertThat(result.refused()).isOne();
		assertThat(result.firstRefusal()).isEqualTo("backup acks missed");
		assertThat(result.restored()).as("the next session").isOne();
		verify(sessions, times(SnapshotRestorer.ATTEMPTS)).putIfAbsent(eq("abc"), any(), anyLong(),
				eq(TimeUnit.SECONDS));
	}

	// The codec on a real serialization service, as a member's.
	private static SessionCodec codec() {
		HazelcastInstance hazelcast = mock(HazelcastInstance.class,
				withSettings().extraInterfaces(SerializationServiceSupport.class));
		given(((SerializationServiceSupport) hazelcast).getSerializationService())
			.willReturn(new DefaultSerializationServiceBuilder().build());
		return new SessionCodec(hazelcast);
	}

	private static MapSession live(String id) {
		MapSession session = new MapSession(id);
		session.setMaxInactiveInterval(Duration.ofMinutes(30));
		return session;
	}

}
