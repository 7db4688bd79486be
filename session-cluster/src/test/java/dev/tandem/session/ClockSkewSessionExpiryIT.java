package dev.tandem.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.hazelcast.core.HazelcastInstance;
import dev.tandem.session.testing.SessionNodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.hazelcast.HazelcastIndexedSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * F12 at the Spring Session level. On every read, the reading node compares its own JVM
 * clock with the last-access time the previous node stamped with its clock. One JVM
 * cannot run two clocks, so the skew is played by back-dating the writer's stamp: a
 * writer 40 s behind the reader, and an idle time. A session idle for less than the
 * timeout minus the skew lives; past it, the reader ends the session, and for every node:
 * the expired read removes the entry from the cluster.
 */
class ClockSkewSessionExpiryIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final Duration SKEW = Duration.ofSeconds(40);

	@RegisterExtension
	final SessionNodes<HazelcastInstance> members = LoopbackMembers.create();

	private SessionRepository<Session> writer;

	private SessionRepository<Session> reader;

	@BeforeEach
	void startTwoMembers() {
		List<HazelcastInstance> pair = this.members.start(2);
		this.writer = repository(pair.get(0));
		this.reader = repository(pair.get(1));
	}

	@Test
	void sessionIdleForLessThanTheTimeoutMinusTheSkewShouldLive() {
		String id = writeStamped(SKEW.plusSeconds(15));

		Session read = this.reader.findById(id);

		assertThat(read).isNotNull();
		assertThat((Integer) read.getAttribute("count")).isEqualTo(1);
	}

	@Test
	void readerAheadShouldEndTheSessionForEveryNodeOnceIdlePlusSkewPassesTheTimeout() {
		// Idle for 25 s: the writer still holds it for another 35 s by its own clock.
		String id = writeStamped(SKEW.plusSeconds(25));
		assertThat(this.members.node(0).getMap(HazelcastIndexedSessionRepository.DEFAULT_SESSION_MAP_NAME).get(id))
			.isNotNull();

		Session read = this.reader.findById(id);

		assertThat(read).isNull();
		assertThat(
				this.members.node(0).getMap(HazelcastIndexedSessionRepository.DEFAULT_SESSION_MAP_NAME).containsKey(id))
			.as("the entry on the writer's member too")
			.isFalse();
	}

	// The writer saves a session whose last access, read by the reader's clock, lies
	// this far back.
	private String writeStamped(Duration ago) {
		Session session = this.writer.createSession();
		session.setMaxInactiveInterval(TIMEOUT);
		session.setAttribute("count", 1);
		session.setLastAccessedTime(Instant.now().minus(ago));
		this.writer.save(session);
		return session.getId();
	}

	// Typed as Spring Session's interface: the repository's session type is not public.
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static SessionRepository<Session> repository(HazelcastInstance member) {
		HazelcastIndexedSessionRepository repository = new HazelcastIndexedSessionRepository(member);
		repository.afterPropertiesSet();
		return (SessionRepository) repository;
	}

}
