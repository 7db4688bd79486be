package dev.tandem.session;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.partition.PartitionReplica;
import com.hazelcast.spi.impl.SpiDataSerializerHook;
import com.hazelcast.test.Accessors;
import com.hazelcast.test.PacketFiltersUtil;
import com.hazelcast.test.TestHazelcastInstanceFactory;
import dev.tandem.session.safewrite.ConfirmedWriteSessionRepository;
import dev.tandem.session.safewrite.UnconfirmedSessionWriteException;
import dev.tandem.session.testing.SessionNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import org.springframework.session.MapSession;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.hazelcast.HazelcastIndexedSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Safe writes against real members with the production configuration and its defaults
 * ({@code fail-unconfirmed-writes} on): a session save whose backup member dies before
 * acknowledging it, and one whose backup never acknowledges it, through the
 * {@link ConfirmedWriteSessionRepository} the node uses. The members run on Hazelcast's
 * in-memory test network (as in {@code SessionClusterSplitBrainIT}), the only way in one
 * JVM to hold back exactly the backup operations between two members; everything else,
 * backup acks, their 5 s timeout, failure detection and repartitioning, is real. The
 * figures are printed to the test's output.
 */
class SafeWritesIT {

	private static final String SESSIONS = HazelcastIndexedSessionRepository.DEFAULT_SESSION_MAP_NAME;

	private final TestHazelcastInstanceFactory factory = new TestHazelcastInstanceFactory();

	// Nothing about fail-unconfirmed-writes: the default is under test.
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
	void aWriteWhoseBackupDiesBeforeConfirmingShouldBeConfirmedOnTheNewBackup() throws Exception {
		List<HazelcastInstance> started = this.members.start(3);
		HazelcastInstance a = started.get(0);
		SessionRepository<Session> onA = confirmed(a);
		String id = createOwnedBy(onA, a, "v0");
		HazelcastInstance backup = backupOf(id, started);
		HazelcastInstance third = started.stream().filter((m) -> m != a && m != backup).findFirst().orElseThrow();
		// The backup never receives the write, so it cannot acknowledge it; then it dies.
		PacketFiltersUtil.dropOperationsBetween(a, backup, SpiDataSerializerHook.F_ID,
				List.of(SpiDataSerializerHook.BACKUP));

		Logger logger = (Logger) LoggerFactory.getLogger(ConfirmedWriteSessionRepository.class);
		ListAppender<ILoggingEvent> log = new ListAppender<>();
		Level level = logger.getLevel();
		logger.setLevel(Level.INFO);
		log.start();
		logger.addAppender(log);
		long start = System.nanoTime();
		CompletableFuture<Void> write = CompletableFuture.runAsync(() -> update(onA, id, "v1"));
		Thread.sleep(1000);
		assertThat(write).as("the write waits for its backup's acknowledgement").isNotDone();
		this.members.kill(started.indexOf(backup));
		try {
			write.get(30, TimeUnit.SECONDS);
		}
		finally {
			logger.detachAppender(log);
			logger.setLevel(level);
		}
		long confirmed = System.nanoTime();
		// Not confirmed by the dead backup: the first attempt timed out and a later one
		// went to the new backup.
		assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
			.containsExactly("A session save was confirmed by the cluster on attempt 2 of 3.");

		// Confirmed means the new backup holds it: A may now die too.
		this.members.awaitSize(2, a, third);
		this.members.kill(0);
		this.members.awaitSize(1, third);
		report("backup killed 1 s into a write: the write was confirmed %d ms after it started; "
				+ "after the primary died too, the third member reads %s", millis(start, confirmed),
				valueOf(third, id));
		assertThat(valueOf(third, id)).isEqualTo("v1");
	}

	@Test
	void aWriteNoBackupEverConfirmsShouldFailAfterTheAttemptsOfItsRetryWindowWhileThePrimaryHoldsIt() {
		List<HazelcastInstance> started = this.members.start(2);
		HazelcastInstance a = started.get(0);
		HazelcastInstance b = started.get(1);
		SessionRepository<Session> onA = confirmed(a);
		String id = createOwnedBy(onA, a, "v0");
		PacketFiltersUtil.dropOperationsBetween(a, b, SpiDataSerializerHook.F_ID,
				List.of(SpiDataSerializerHook.BACKUP));

		long start = System.nanoTime();
		assertThatExceptionOfType(UnconfirmedSessionWriteException.class)
			.isThrownBy(() -> update(onA, id, "unconfirmed"))
			// Each attempt waits the 5 s backup timeout: the second starts inside the 8 s
			// retry window, a third would not.
			.satisfies((ex) -> assertThat(ex.attempts()).isEqualTo(2));
		long failed = System.nanoTime();

		// No rollback: the primary copy has the write that was reported as failed, which
		// is why the client is told it "may or may not" have been saved.
		report("a write no backup confirms failed after %d ms and %d attempts; the primary holds '%s'",
				millis(start, failed), 2, valueOf(a, id));
		assertThat(valueOf(a, id)).isEqualTo("unconfirmed");
	}

	@SuppressWarnings("unchecked")
	private static SessionRepository<Session> confirmed(HazelcastInstance member) {
		HazelcastIndexedSessionRepository repository = new HazelcastIndexedSessionRepository(member);
		repository.afterPropertiesSet();
		return (SessionRepository<Session>) (SessionRepository<?>) new ConfirmedWriteSessionRepository<>(repository);
	}

	// The member holding the first backup of the session's partition.
	private static HazelcastInstance backupOf(String id, List<HazelcastInstance> members) {
		int partition = members.get(0).getPartitionService().getPartition(id).getPartitionId();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> Accessors.getPartitionService(members.get(0)).getPartition(partition).getReplica(1) != null);
		PartitionReplica replica = Accessors.getPartitionService(members.get(0)).getPartition(partition).getReplica(1);
		UUID uuid = replica.uuid();
		return members.stream()
			.filter((member) -> member.getCluster().getLocalMember().getUuid().equals(uuid))
			.findFirst()
			.orElseThrow();
	}

	private static String createOwnedBy(SessionRepository<Session> repository, HazelcastInstance owner, String value) {
		for (int i = 0; i < 1000; i++) {
			Session session = repository.createSession();
			if (owner.getPartitionService().getPartition(session.getId()).getOwner().localMember()) {
				session.setAttribute("value", value);
				repository.save(session);
				return session.getId();
			}
		}
		throw new AssertionError("no session id owned by " + owner.getName() + " in 1000 draws");
	}

	private static void update(SessionRepository<Session> repository, String id, String value) {
		Session session = repository.findById(id);
		session.setAttribute("value", value);
		repository.save(session);
	}

	// What the map itself holds, read on that member.
	private static String valueOf(HazelcastInstance member, String id) {
		MapSession session = member.<String, MapSession>getMap(SESSIONS).get(id);
		return (session != null) ? session.getAttribute("value") : null;
	}

	private static long millis(long from, long to) {
		return TimeUnit.NANOSECONDS.toMillis(to - from);
	}

	private static void report(String format, Object... args) {
		System.out.println("SafeWritesIT: " + String.format(format, args));
	}

}
