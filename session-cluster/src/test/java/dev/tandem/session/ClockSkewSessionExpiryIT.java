package dev.tandem.session;

import java.io.IOException;
import dev.tandem.session.testing.MemberPorts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.hazelcast.HazelcastIndexedSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

	private final List<HazelcastInstance> members = new ArrayList<>();

	private SessionRepository<Session> writer;

	private SessionRepository<Session> reader;

	@BeforeEach
	void startTwoMembers() throws IOException {
		String clusterName = "tandem-it-" + UUID.randomUUID();
		int a = MemberPorts.free();
		int b = MemberPorts.free();
		List<String> list = List.of("127.0.0.1:" + a, "127.0.0.1:" + b);
		for (int port : List.of(a, b)) {
			this.members.add(Hazelcast.newHazelcastInstance(HazelcastMemberConfig.create(
					new NodeProperties("n" + port,
							new NodeProperties.Cluster(clusterName, list, port, "127.0.0.1", false, 1, 0, false,
									NodeProperties.Serialization.NONE)),
					HazelcastIndexedSessionRepository.DEFAULT_SESSION_MAP_NAME)));
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> this.members.get(0).getCluster().getMembers().size() == 2);
		this.writer = repository(this.members.get(0));
		this.reader = repository(this.members.get(1));
	}

	@AfterEach
	void stopMembers() {
		this.members.forEach((member) -> member.getLifecycleService().terminate());
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
		assertThat(this.members.get(0).getMap(HazelcastIndexedSessionRepository.DEFAULT_SESSION_MAP_NAME).get(id))
			.isNotNull();

		Session read = this.reader.findById(id);

		assertThat(read).isNull();
		assertThat(
				this.members.get(0).getMap(HazelcastIndexedSessionRepository.DEFAULT_SESSION_MAP_NAME).containsKey(id))
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

	// Typed as Spring Session's interface: the repository's own session type is not
	// public.
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static SessionRepository<Session> repository(HazelcastInstance member) {
		HazelcastIndexedSessionRepository repository = new HazelcastIndexedSessionRepository(member);
		repository.afterPropertiesSet();
		return (SessionRepository) repository;
	}

}
