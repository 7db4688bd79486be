package dev.tandem.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.test.TestHazelcastInstanceFactory;
import dev.tandem.session.testing.SessionNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.hazelcast.HazelcastIndexedSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link MostUpdatesMergePolicy} relies on, on Hazelcast's real member code: a
 * session entry's version starts at 0 when Spring Session stores a new session (a
 * {@code set}), goes up by one with each save (an entry processor, also a save that
 * changes only the last-access time), and is the same on the backup that takes over when
 * the owner crashes and on the member a partition migrates to. So both sides of a split
 * count a session's writes from the same number.
 */
class SessionEntryVersionIT {

	private static final String SESSIONS = HazelcastIndexedSessionRepository.DEFAULT_SESSION_MAP_NAME;

	private final TestHazelcastInstanceFactory factory = new TestHazelcastInstanceFactory();

	@RegisterExtension
	final SessionNodes<HazelcastInstance> members = SessionNodes
		.members((node) -> this.factory.newHazelcastInstance(HazelcastMemberConfig.create(node, SESSIONS)))
		.with("tandem.node.cluster.members=127.0.0.1", "tandem.node.cluster.port=5701",
				"tandem.node.cluster.interface=");

	@AfterEach
	void terminateMembers() {
		this.factory.terminateAll();
	}

	@Test
	void aSessionsVersionShouldCountItsSavesAndSurvivePromotionAndMigration() {
		List<HazelcastInstance> started = this.members.start(2);
		HazelcastInstance a = started.get(0);
		HazelcastInstance b = started.get(1);
		HazelcastIndexedSessionRepository onA = repository(a);
		HazelcastIndexedSessionRepository onB = repository(b);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			ids.add(create(onA, "v0"));
		}
		Map<String, Long> created = versions(a, ids);

		ids.forEach((id) -> update(onA, id, "v1"));
		Map<String, Long> updated = versions(a, ids);
		ids.forEach((id) -> touch(onB, id));
		Map<String, Long> touched = versions(a, ids);

		this.members.kill(0);
		this.members.awaitSize(1, b);
		Map<String, Long> promoted = versions(b, ids);

		HazelcastInstance c = this.members.startAnother();
		this.members.awaitSize(2, b, c);
		long movedToC = ids.stream()
			.filter((id) -> c.getPartitionService().getPartition(id).getOwner().localMember())
			.count();
		Map<String, Long> migrated = versions(c, ids);

		System.out.printf(
				"[measured] versions of 40 sessions: created %s, after one save %s, after a touch %s, "
						+ "after the owner's crash %s, after a member joined (%d sessions moved to it) %s%n",
				created.values().stream().distinct().toList(), updated.values().stream().distinct().toList(),
				touched.values().stream().distinct().toList(), promoted.values().stream().distinct().toList(), movedToC,
				migrated.values().stream().distinct().toList());
		assertThat(created.values()).as("version of a new session").containsOnly(0L);
		assertThat(updated.values()).as("after one save").containsOnly(1L);
		assertThat(touched.values()).as("after a save of the last-access time alone").containsOnly(2L);
		assertThat(promoted).as("on the backup that took over from the crashed owner").isEqualTo(touched);
		assertThat(movedToC).as("sessions whose partition migrated to the new member").isPositive();
		assertThat(migrated).as("after the migration").isEqualTo(touched);
	}

	private static Map<String, Long> versions(HazelcastInstance member, List<String> ids) {
		Map<String, Long> versions = new LinkedHashMap<>();
		ids.forEach((id) -> versions.put(id, member.getMap(SESSIONS).getEntryView(id).getVersion()));
		return versions;
	}

	private static HazelcastIndexedSessionRepository repository(HazelcastInstance member) {
		HazelcastIndexedSessionRepository repository = new HazelcastIndexedSessionRepository(member);
		repository.afterPropertiesSet();
		return repository;
	}

	private static <S extends Session> String create(SessionRepository<S> repository, String value) {
		S session = repository.createSession();
		session.setAttribute("value", value);
		repository.save(session);
		return session.getId();
	}

	private static <S extends Session> void update(SessionRepository<S> repository, String id, String value) {
		S session = repository.findById(id);
		session.setAttribute("value", value);
		repository.save(session);
	}

	private static <S extends Session> void touch(SessionRepository<S> repository, String id) {
		S session = repository.findById(id);
		session.setLastAccessedTime(session.getLastAccessedTime().plusSeconds(1));
		repository.save(session);
	}

}
