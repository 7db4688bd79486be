package dev.tandem.session.safewrite;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import org.junit.jupiter.api.Test;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ConfirmedWriteSessionRepositoryTests {

	private final FlakyRepository store = new FlakyRepository();

	private final List<Duration> pauses = new ArrayList<>();

	private final ConfirmedWriteSessionRepository<MapSession> repository = new ConfirmedWriteSessionRepository<>(
			this.store, 3, Duration.ofMillis(100), this.pauses::add);

	@Test
	void shouldSaveOnTheNextAttemptWhenTheBackupDidNotConfirmTheFirstTwo() {
		this.store.failNext(new IndeterminateOperationStateException("no backup ack"),
				new IndeterminateOperationStateException("no backup ack"));
		MapSession session = session("count", 7);

		this.repository.save(session);

		assertThat(this.store.saveCalls).isEqualTo(3);
		assertThat(this.store.sessions.get(session.getId()).<Integer>getAttribute("count")).isEqualTo(7);
		assertThat(this.pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
	}

	@Test
	void shouldStartNoAttemptAfterTheRetryWindowSoALateOneNeverOverwritesNewerWrites() {
		// Each failed attempt takes 5 s, as one that waits for the backup timeout does.
		long[] now = { 0 };
		FlakyRepository slow = new FlakyRepository() {

			@Override
			public void save(MapSession session) {
				now[0] += Duration.ofSeconds(5).toNanos();
				super.save(session);
			}

		};
		slow.failNext(new IndeterminateOperationStateException("first"),
				new IndeterminateOperationStateException("second"), new IndeterminateOperationStateException("third"));
		ConfirmedWriteSessionRepository<MapSession> windowed = new ConfirmedWriteSessionRepository<>(slow, 3,
				Duration.ofMillis(100), this.pauses::add, ConfirmedWriteSessionRepository.RETRY_WINDOW, () -> now[0],
				new java.time.Clock() {

					@Override
					public java.time.ZoneId getZone() {
						return java.time.ZoneOffset.UTC;
					}

					@Override
					public java.time.Clock withZone(java.time.ZoneId zone) {
						return this;
					}

					@Override
					public java.time.Instant instant() {
						return java.time.Instant.EPOCH.plusNanos(now[0]);
					}

				}, () -> 0);
		MapSession session = session("count", 4);
		session.setLastAccessedTime(java.time.Instant.EPOCH);

		assertThatExceptionOfType(UnconfirmedSessionWriteException.class).isThrownBy(() -> windowed.save(session))
			.satisfies((ex) -> assertThat(ex.attempts()).isEqualTo(2));
		// The second started at 5.1 s, inside the window; a third would start at 10.3 s.
		assertThat(slow.saveCalls).isEqualTo(2);
		assertThat(this.pauses).containsExactly(Duration.ofMillis(100));
	}

	@Test
	void shouldNotEvenTryASaveWhoseRequestBeganUsingTheSessionLongerAgoThanTheWindow() {
		// A request a freeze held up: it read the session before, and saves after.
		MapSession session = session("count", 17);
		session.setLastAccessedTime(java.time.Instant.now().minusSeconds(19));

		assertThatExceptionOfType(UnconfirmedSessionWriteException.class)
			.isThrownBy(() -> this.repository.save(session))
			.satisfies((ex) -> assertThat(ex.attempts()).isZero())
			.withMessageStartingWith("The session write was not tried: its request began using the session 19");
		assertThat(this.store.saveCalls).isZero();
		assertThat(this.store.sessions).doesNotContainKey(session.getId());
	}

	@Test
	void shouldNotSaveWhatARequestReadBeforeThisNodeMergedIntoAnotherCluster() {
		long[] merges = { 0 };
		ConfirmedWriteSessionRepository<MapSession> guarded = new ConfirmedWriteSessionRepository<>(this.store,
				() -> merges[0]);
		MapSession stored = session("count", 13);
		this.store.sessions.put(stored.getId(), stored);

		MapSession read = guarded.findById(stored.getId());
		merges[0]++;
		read.setAttribute("count", 14);

		assertThatExceptionOfType(UnconfirmedSessionWriteException.class).isThrownBy(() -> guarded.save(read))
			.withMessageStartingWith("The session write was not tried: this node merged");
		assertThat(this.store.saveCalls).isZero();

		// The next request, which reads after the merge, saves as usual.
		this.store.sessions.put(stored.getId(), new MapSession(stored));
		MapSession again = guarded.findById(stored.getId());
		guarded.save(again);
		assertThat(this.store.saveCalls).isOne();
	}

	@Test
	void shouldRetryWhenThePartitionOwnerLeftMidWrite() {
		this.store.failNext(new TargetNotMemberException("the owner left"));
		MapSession session = session("count", 1);

		this.repository.save(session);

		assertThat(this.store.saveCalls).isEqualTo(2);
		assertThat(this.store.sessions).containsKey(session.getId());
	}

	@Test
	void shouldFailVisiblyWhenNoAttemptIsConfirmed() {
		IndeterminateOperationStateException last = new IndeterminateOperationStateException("third");
		this.store.failNext(new IndeterminateOperationStateException("first"),
				new IndeterminateOperationStateException("second"), last);
		MapSession session = session("count", 3);

		assertThatExceptionOfType(UnconfirmedSessionWriteException.class)
			.isThrownBy(() -> this.repository.save(session))
			.satisfies((ex) -> assertThat(ex.attempts()).isEqualTo(3))
			.withCause(last)
			.withMessage("The session write was not confirmed by the cluster after 3 attempts: "
					+ "IndeterminateOperationStateException");
		assertThat(this.store.saveCalls).isEqualTo(3);
		assertThat(this.pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
	}

	@Test
	void shouldNotTryAgainWhenTheSameSessionIsSavedAgainAfterItFailed() {
		this.store.failNext(new IndeterminateOperationStateException("1"),
				new IndeterminateOperationStateException("2"), new IndeterminateOperationStateException("3"));
		MapSession session = session("count", 3);
		UnconfirmedSessionWriteException first = catchUnconfirmed(session);

		// Spring Session's filter saves the session again once the request ends.
		assertThat(catchUnconfirmed(session)).isSameAs(first);
		assertThat(this.store.saveCalls).isEqualTo(3);

		// A later save is a new request: tried again in full.
		this.repository.save(session);
		assertThat(this.store.saveCalls).isEqualTo(4);
		assertThat(this.store.sessions).containsKey(session.getId());
	}

	@Test
	void shouldPassOtherFailuresOnAtOnce() {
		HazelcastInstanceNotActiveException stopped = new HazelcastInstanceNotActiveException();
		this.store.failNext(stopped);

		assertThatExceptionOfType(HazelcastInstanceNotActiveException.class)
			.isThrownBy(() -> this.repository.save(session("count", 1)))
			.isSameAs(stopped);
		assertThat(this.store.saveCalls).isEqualTo(1);
		assertThat(this.pauses).isEmpty();
	}

	@Test
	void shouldRetryAnUnconfirmedDelete() {
		MapSession session = session("count", 1);
		this.repository.save(session);
		this.store.failNext(new IndeterminateOperationStateException("no backup ack"));

		this.repository.deleteById(session.getId());

		assertThat(this.store.sessions).doesNotContainKey(session.getId());
		assertThat(this.pauses).containsExactly(Duration.ofMillis(100));
	}

	@Test
	void shouldFindWhatTheDelegateHolds() {
		MapSession session = session("count", 5);
		this.repository.save(session);

		assertThat(this.repository.findById(session.getId()).<Integer>getAttribute("count")).isEqualTo(5);
		assertThat(this.repository.delegate()).isSameAs(this.store);
	}

	private UnconfirmedSessionWriteException catchUnconfirmed(MapSession session) {
		try {
			this.repository.save(session);
		}
		catch (UnconfirmedSessionWriteException ex) {
			return ex;
		}
		throw new AssertionError("the save did not fail");
	}

	private static MapSession session(String name, Object value) {
		MapSession session = new MapSession();
		session.setAttribute(name, value);
		return session;
	}

	/**
	 * An in-memory repository whose next writes fail with the given exceptions, as a
	 * Hazelcast map does while a member leaves.
	 */
	static class FlakyRepository implements FindByIndexNameSessionRepository<MapSession> {

		final Map<String, MapSession> sessions = new HashMap<>();

		private final Deque<RuntimeException> failures = new ArrayDeque<>();

		int saveCalls;

		void failNext(RuntimeException... next) {
			this.failures.addAll(List.of(next));
		}

		@Override
		public MapSession createSession() {
			return new MapSession();
		}

		@Override
		public void save(MapSession session) {
			this.saveCalls++;
			failIfAsked();
			this.sessions.put(session.getId(), new MapSession(session));
		}

		@Override
		public MapSession findById(String id) {
			failIfAsked();
			return this.sessions.get(id);
		}

		@Override
		public void deleteById(String id) {
			failIfAsked();
			this.sessions.remove(id);
		}

		@Override
		public Map<String, MapSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
			return Map.of();
		}

		private void failIfAsked() {
			RuntimeException failure = this.failures.poll();
			if (failure != null) {
				throw failure;
			}
		}

	}

}
