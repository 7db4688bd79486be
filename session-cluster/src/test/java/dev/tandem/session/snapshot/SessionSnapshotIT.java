package dev.tandem.session.snapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import com.example.userapp.Cart;
import com.example.userapp.UserApplication;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.tandem.session.testing.SessionNodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.MapSession;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.events.SessionCreatedEvent;
import org.springframework.session.hazelcast.HazelcastIndexedSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two application nodes with the snapshot on, in the test's JVM: a power cut of both
 * (their members terminated, no hand-off) and a cold start bring the sessions back, and a
 * node that joins a running cluster never puts its stale copy over live sessions.
 */
class SessionSnapshotIT {

	private static final Duration FILE_WAIT = Duration.ofSeconds(20);

	static final List<String> created = new CopyOnWriteArrayList<>();

	@RegisterExtension
	final SessionNodes<ConfigurableApplicationContext> nodes = SessionNodes.applications(UserApplication.class,
			CreatedSessions.class);

	@TempDir
	Path snapshots;

	@BeforeEach
	void snapshotOn() {
		created.clear();
		this.nodes.with("tandem.node.cluster.serialization.allowed-packages=com.example.userapp",
				"tandem.node.sessions.snapshot.enabled=true",
				"tandem.node.sessions.snapshot.dir=" + this.snapshots + "/${tandem.node.id}",
				"tandem.node.sessions.snapshot.flush-interval=200ms");
	}

	@Test
	void shouldRestoreUnexpiredSessionsWithTheirAttributesAndLifetimeAfterAPowerCutOfEveryNode() throws Exception {
		this.nodes.start(2);
		SessionRepository<Session> repository = repository(this.nodes.node(0));
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			Session session = repository.createSession();
			session.setAttribute("count", i);
			session.setAttribute("cart", new Cart(List.of("item-" + i)));
			session.setMaxInactiveInterval(Duration.ofMinutes(30));
			repository.save(session);
			ids.add(session.getId());
		}
		Session shortLived = repository.createSession();
		shortLived.setMaxInactiveInterval(Duration.ofSeconds(2));
		repository.save(shortLived);
		Session expiresAfterRestore = repository.createSession();
		expiresAfterRestore.setMaxInactiveInterval(Duration.ofSeconds(30));
		repository.save(expiresAfterRestore);
		ids.add(expiresAfterRestore.getId());
		MapSession before = sessionMap(this.nodes.node(0)).get(ids.get(0));
		awaitInSnapshots(ids, (record) -> true);
		awaitInSnapshots(List.of(shortLived.getId()), (record) -> true);

		powerCut();
		// The power went in the middle of a record: a torn tail never stops a start.
		Files.write(snapshotDir(1).resolve(SnapshotFile.NAME), new byte[] { 0, 0, 0, 42, 1, 2, 3 },
				StandardOpenOption.APPEND);
		// The short-lived session expires while the cluster is down.
		Thread.sleep(2500);
		created.clear();
		this.nodes.restart(0);
		this.nodes.restart(1);
		this.nodes.awaitSize(2);

		SessionRepository<Session> after = repository(this.nodes.node(1));
		for (int i = 0; i < 12; i++) {
			Session restored = after.findById(ids.get(i));
			assertThat(restored).as("session %d", i).isNotNull();
			assertThat((Integer) restored.getAttribute("count")).isEqualTo(i);
			assertThat((Cart) restored.getAttribute("cart")).isEqualTo(new Cart(List.of("item-" + i)));
		}
		IMap<String, MapSession> map = sessionMap(this.nodes.node(1));
		Instant expiry = map.get(expiresAfterRestore.getId()).getLastAccessedTime().plusSeconds(30);
		assertThat(Instant.now()).as("still within the 30 s session's lifetime").isBefore(expiry);
		assertThat(after.findById(shortLived.getId())).as("the session that expired during the cut").isNull();
		MapSession restored = sessionMap(this.nodes.node(1)).get(ids.get(0));
		assertThat(restored.getLastAccessedTime()).isEqualTo(before.getLastAccessedTime());
		assertThat(restored.getCreationTime()).isEqualTo(before.getCreationTime());
		assertThat(restored.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(30));
		// Events come asynchronously: once a new session's has come, the restored ones'
		// would have too.
		Session fresh = after.createSession();
		after.save(fresh);
		await().atMost(Duration.ofSeconds(10)).until(() -> created.contains(fresh.getId()));
		assertThat(created).doesNotContainAnyElementsOf(ids);
		// The restored session ends when its own lifetime ends, not a lifetime after the
		// restore. Read the map, not the repository: a read would extend it.
		assertThat(map.get(expiresAfterRestore.getId())).isNotNull();
		await().atMost(Duration.ofSeconds(40)).until(() -> Instant.now().isAfter(expiry.plusSeconds(1)));
		assertThat(after.findById(expiresAfterRestore.getId())).as("the restored session after its lifetime").isNull();
	}

	@Test
	void shouldNotPutAStaleCopyOverNewerOrRemovedLiveSessionsWhenANodeRejoinsDuringTheColdStartPhase()
			throws Exception {
		this.nodes.start(2);
		String id = sessionOwnedBy(1, 1);
		String removedMeanwhile = sessionOwnedBy(1, 1);
		awaitInSnapshot(1, id, (record) -> true);
		awaitInSnapshot(1, removedMeanwhile, (record) -> true);

		this.nodes.kill(1);
		this.nodes.awaitSize(1);
		SessionRepository<Session> live = repository(this.nodes.node(0));
		Session session = live.findById(id);
		session.setAttribute("count", 2);
		live.save(session);
		live.deleteById(removedMeanwhile);
		String createdMeanwhile = sessionOwnedBy(0, 5);

		this.nodes.restart(1);
		this.nodes.awaitSize(2);

		SessionRepository<Session> rejoined = repository(this.nodes.node(1));
		assertThat((Integer) rejoined.findById(id).getAttribute("count")).isEqualTo(2);
		assertThat(rejoined.findById(removedMeanwhile)).as("a session removed while the node was down").isNull();
		assertThat((Integer) rejoined.findById(createdMeanwhile).getAttribute("count")).isEqualTo(5);
	}

	@Test
	void shouldNeverLoadItsCopyWhenItJoinsAClusterPastTheColdStartPhase() throws Exception {
		this.nodes.with("tandem.node.sessions.snapshot.restore-window=0s");
		this.nodes.start(2);
		String removedMeanwhile = sessionOwnedBy(1, 1);
		String updatedMeanwhile = sessionOwnedBy(1, 1);
		awaitInSnapshot(1, removedMeanwhile, (record) -> true);
		awaitInSnapshot(1, updatedMeanwhile, (record) -> true);

		this.nodes.kill(1);
		this.nodes.awaitSize(1);
		SessionRepository<Session> live = repository(this.nodes.node(0));
		live.deleteById(removedMeanwhile);
		Session session = live.findById(updatedMeanwhile);
		session.setAttribute("count", 2);
		live.save(session);

		this.nodes.restart(1);
		this.nodes.awaitSize(2);

		assertThat(repository(this.nodes.node(1)).findById(removedMeanwhile)).isNull();
		assertThat((Integer) repository(this.nodes.node(1)).findById(updatedMeanwhile).getAttribute("count"))
			.isEqualTo(2);
		assertThat(SnapshotFile.load(snapshotDir(1)).live()).doesNotContainKey(removedMeanwhile);
	}

	// Terminates every member before any context closes, as a power cut would: no
	// member hands its partitions to another.
	private void powerCut() {
		this.nodes.hazelcast(this.nodes.node(0)).getLifecycleService().terminate();
		this.nodes.hazelcast(this.nodes.node(1)).getLifecycleService().terminate();
		this.nodes.kill(0);
		this.nodes.kill(1);
	}

	// A new session whose primary copy is on the node with this index.
	private String sessionOwnedBy(int index, int count) {
		HazelcastInstance owner = this.nodes.hazelcast(this.nodes.node(index));
		SessionRepository<Session> repository = repository(this.nodes.node(0));
		for (int attempt = 0; attempt < 200; attempt++) {
			Session session = repository.createSession();
			if (owner.getPartitionService()
				.getPartition(session.getId())
				.getOwner()
				.equals(owner.getCluster().getLocalMember())) {
				session.setAttribute("count", count);
				repository.save(session);
				return session.getId();
			}
		}
		throw new IllegalStateException("No session id falls in a partition of node " + index);
	}

	private void awaitInSnapshots(List<String> ids, Predicate<SnapshotRecord> matching) {
		await().atMost(FILE_WAIT).untilAsserted(() -> {
			Set<String> found = new HashSet<>();
			for (int index = 0; index < 2; index++) {
				SnapshotFile.load(snapshotDir(index))
					.live()
					.values()
					.stream()
					.filter(matching)
					.forEach((record) -> found.add(record.id()));
			}
			assertThat(found).containsAll(ids);
		});
	}

	private void awaitInSnapshot(int index, String id, Predicate<SnapshotRecord> matching) {
		await().atMost(FILE_WAIT)
			.untilAsserted(() -> assertThat(SnapshotFile.load(snapshotDir(index)).live()).hasEntrySatisfying(id,
					(record) -> assertThat(matching).accepts(record)));
	}

	private Path snapshotDir(int index) {
		return this.snapshots.resolve("n" + (index + 1));
	}

	@SuppressWarnings("unchecked")
	private static SessionRepository<Session> repository(ConfigurableApplicationContext node) {
		return node.getBean(SessionRepository.class);
	}

	private IMap<String, MapSession> sessionMap(ConfigurableApplicationContext node) {
		return this.nodes.hazelcast(node).getMap(HazelcastIndexedSessionRepository.DEFAULT_SESSION_MAP_NAME);
	}

	/** Records every {@link SessionCreatedEvent} a node publishes. */
	@Configuration(proxyBeanMethods = false)
	static class CreatedSessions {

		@Bean
		ApplicationListener<SessionCreatedEvent> createdSessions() {
			return (event) -> created.add(event.getSessionId());
		}

	}

}
