package dev.tandem.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.spi.impl.SpiDataSerializerHook;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import com.hazelcast.test.PacketFiltersUtil;
import com.hazelcast.test.SplitBrainTestSupport;
import com.hazelcast.test.TestHazelcastInstanceFactory;
import dev.tandem.session.testing.SessionNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.session.hazelcast.HazelcastIndexedSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Crash, split and heal of the session cluster, with the production member configuration
 * ({@link HazelcastMemberConfig#create}) and sessions written through Spring Session's
 * repository, as the node writes them.
 * <p>
 * The members run on Hazelcast's own in-memory test network
 * ({@link TestHazelcastInstanceFactory} from the {@code hazelcast:tests} artifact), not
 * on loopback sockets: it is the only way in one JVM to cut exactly the links between {A}
 * and {B, C} and restore them ({@link SplitBrainTestSupport#blockCommunicationBetween}),
 * which is what Hazelcast's own split-brain tests do. Loopback members cannot be split
 * without root (iptables) or a proxy between every pair. The in-memory network replaces
 * only the join and the sockets (TCP/IP member list, port, interface are tested by
 * {@code HazelcastMemberConfigTests} and {@code SessionFailoverIT}); heartbeats, failure
 * detection, backups, merge policy, merge delays and split-brain protection are the real
 * ones. The figures each test measures are printed to its output.
 */
class SessionClusterSplitBrainIT {

	private static final String SESSIONS = HazelcastIndexedSessionRepository.DEFAULT_SESSION_MAP_NAME;

	private static final Duration CLUSTER_CHANGE = Duration.ofSeconds(30);

	private static final Duration SAFETY_INTERVAL = Duration.ofMillis(100);

	// The first merge check runs 10 s after start, the next every 10 s: two rounds and
	// the merge itself fit in 60 s with room for a busy machine.
	private static final Duration MERGE = Duration.ofSeconds(60);

	private final TestHazelcastInstanceFactory factory = new TestHazelcastInstanceFactory();

	// Backup acks are required. The in-memory network ignores the member list, port and
	// interface, so they stay at a node's defaults.
	@RegisterExtension
	final SessionNodes<HazelcastInstance> members = SessionNodes
		.members((node) -> this.factory.newHazelcastInstance(HazelcastMemberConfig.create(node, SESSIONS)))
		.with("tandem.node.cluster.members=127.0.0.1", "tandem.node.cluster.port=5701",
				"tandem.node.cluster.interface=", "tandem.node.cluster.fail-unconfirmed-writes=true");

	@AfterEach
	void terminateMembers() {
		this.factory.terminateAll();
	}

	@Test
	void everyAcknowledgedSessionWriteShouldOutliveACrashOfTheMemberThatTookIt() {
		List<HazelcastInstance> started = this.members.start(2);
		HazelcastInstance a = started.get(0);
		HazelcastInstance b = started.get(1);
		HazelcastIndexedSessionRepository onA = repository(a);
		HazelcastIndexedSessionRepository onB = repository(b);

		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			ids.add(create(onA, "written-on-a-" + i));
		}
		assertThat(valueOf(onB, ids.get(0))).isEqualTo("written-on-a-0");

		long crash = System.nanoTime();
		this.members.kill(0);
		this.members.awaitSize(1, b);
		long detected = System.nanoTime();
		long lost = ids.stream().filter((id) -> onB.findById(id) == null).count();
		long readable = System.nanoTime();

		report("crash of A after 200 acknowledged writes: %d lost, detected in %d ms, all read on B %d ms after the crash",
				lost, millis(crash, detected), millis(crash, readable));
		assertThat(lost).isZero();
		for (int i = 0; i < ids.size(); i++) {
			assertThat(valueOf(onB, ids.get(i))).isEqualTo("written-on-a-" + i);
		}
	}

	@Test
	void aWriteWhoseBackupIsNeverAcknowledgedShouldFailInsteadOfReportingSuccess() {
		List<HazelcastInstance> started = this.members.start(2);
		HazelcastInstance a = started.get(0);
		HazelcastInstance b = started.get(1);
		HazelcastIndexedSessionRepository onA = repository(a);
		// A session whose primary copy is on A, so its backup goes to B.
		String id = createOwnedBy(onA, a);
		// B never receives the backup, so it never acknowledges it.
		PacketFiltersUtil.dropOperationsBetween(a, b, SpiDataSerializerHook.F_ID,
				List.of(SpiDataSerializerHook.BACKUP));

		long start = System.nanoTime();
		assertThatExceptionOfType(IndeterminateOperationStateException.class)
			.isThrownBy(() -> update(onA, id, "unacknowledged"));
		report("a write without backup ack failed after %d ms", millis(start, System.nanoTime()));
	}

	@Test
	void aSplitShouldHealIntoTheLatestUpdateOfEverySession() {
		List<HazelcastInstance> started = this.members.start(3);
		HazelcastInstance a = started.get(0);
		HazelcastInstance b = started.get(1);
		HazelcastInstance c = started.get(2);
		HazelcastIndexedSessionRepository onA = repository(a);
		HazelcastIndexedSessionRepository onB = repository(b);
		// Sessions whose primary copy is on A are held on both sides of the split
		// (A keeps its primary, the other side promotes the backup), so both can
		// update them.
		String lastWrittenOnA = createOwnedBy(onA, a);
		String lastWrittenOnB = createOwnedBy(onA, a);
		String loggedOutOnB = createOwnedBy(onA, a);
		List<String> before = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			before.add(create(onB, "before-" + i));
		}

		long split = System.nanoTime();
		splitOffAndWait(a, b, c);
		long detected = System.nanoTime();
		// Both sides serve: neither refuses a session.
		long missingOnA = before.stream().filter((id) -> onA.findById(id) == null).count();
		// Each written once on each side: equal versions, so the later update decides.
		update(onB, lastWrittenOnA, "b-first");
		update(onA, lastWrittenOnB, "a-first");
		laterSecond();
		update(onA, lastWrittenOnA, "a-last");
		update(onB, lastWrittenOnB, "b-last");
		onB.deleteById(loggedOutOnB);
		String newOnA = create(onA, "new-on-a");
		String newOnB = create(onB, "new-on-b");

		long heal = System.nanoTime();
		heal(a, b, c);
		this.members.awaitSize(3, a, b, c);
		long merged = System.nanoTime();
		await().atMost(MERGE).until(() -> "new-on-a".equals(valueOf(onB, newOnA)));
		long mergedData = System.nanoTime();

		report("split {A}/{B,C}: detected in %d ms; %d of 60 sessions written before it were missing on A during it; "
				+ "one cluster again %d ms after the heal, A's sessions on B after %d ms", millis(split, detected),
				missingOnA, millis(heal, merged), millis(heal, mergedData));
		for (HazelcastIndexedSessionRepository on : List.of(onA, onB)) {
			assertThat(valueOf(on, lastWrittenOnA)).isEqualTo("a-last");
			assertThat(valueOf(on, lastWrittenOnB)).isEqualTo("b-last");
			assertThat(valueOf(on, newOnA)).isEqualTo("new-on-a");
			assertThat(valueOf(on, newOnB)).isEqualTo("new-on-b");
			// The merge cannot tell a deletion from an absence: A's copy comes back.
			assertThat(valueOf(on, loggedOutOnB)).isEqualTo("v0");
			assertThat(before).allSatisfy((id) -> assertThat(on.findById(id)).isNotNull());
		}
	}

	@Test
	void aSessionNobodyRequestsDuringTheMergeShouldKeepTheLaterChangeOfTheSmallerSide() {
		List<HazelcastInstance> started = this.members.start(3);
		HazelcastInstance a = started.get(0);
		HazelcastInstance b = started.get(1);
		HazelcastInstance c = started.get(2);
		CountDownLatch mergedOnA = mergedLatch(a);
		HazelcastIndexedSessionRepository onA = repository(a);
		HazelcastIndexedSessionRepository onB = repository(b);
		String probe = createOwnedBy(onA, a);

		splitOffAndWait(a, b, c);
		// Once on each side: equal versions, so the later update decides.
		update(onB, probe, "3");
		laterSecond();
		update(onA, probe, "5");
		laterSecond();

		long heal = System.nanoTime();
		heal(a, b, c);
		long whole = awaitMemberList(3, b);
		long merged = awaitMerged(mergedOnA);

		report("merge window: B saw 3 members %d ms after the heal, A's merge (MERGED) %d ms after that",
				millis(heal, whole), millis(whole, merged));
		assertThat(valueOf(onB, probe)).isEqualTo("5");
		assertThat(valueOf(onA, probe)).isEqualTo("5");
	}

	@Test
	void aRequestTheLargerSideServesDuringTheMergeShouldMakeItsStaleCopyWinATieOfWrites() {
		// One write on each side, the smaller side's last; the request on B is one more.
		MergeRace race = raceTheMergeWithRequestsOnB(1);

		assertThat(race.beforeTheirMerge()).as("sessions requested before A's copy arrived").isNotEmpty();
		List<String> staleWon = new ArrayList<>();
		for (String probe : race.probes()) {
			String read = race.readDuringMerge().get(probe);
			String onB = race.valueOnB(probe);
			assertThat(race.valueOnA(probe)).as("session that read %s during the merge, on A and B", read)
				.isEqualTo(onB);
			if (read.equals("5")) {
				assertThat(onB).as("session that read 5 during the merge").isEqualTo("5");
			}
			else if (onB.equals("3")) {
				staleWon.add(probe);
			}
			else {
				// Its request read B's copy, but A's arrived before the request's save,
				// which then only touched A's copy: A's write survived.
				assertThat(onB).as("session that read 3 during the merge").isEqualTo("5");
			}
		}
		report("%d of the %d sessions that read B's copy during the merge kept it (the stale copy won); the others' "
				+ "saves came after A's copy", staleWon.size(), race.beforeTheirMerge().size());
		assertThat(staleWon).as("sessions whose request during the merge made B's stale copy win").isNotEmpty();
	}

	@Test
	void theSmallerSidesChangesShouldSurviveARequestDuringTheMergeWhenItWroteMoreOften() {
		// Three writes on A against one on B and its request during the merge.
		MergeRace race = raceTheMergeWithRequestsOnB(3);

		assertThat(race.beforeTheirMerge()).as("sessions requested before A's copy arrived").isNotEmpty();
		for (String probe : race.probes()) {
			assertThat(race.valueOnB(probe))
				.as("session that read %s during the merge", race.readDuringMerge().get(probe))
				.isEqualTo("5");
			assertThat(race.valueOnA(probe)).isEqualTo("5");
		}
	}

	/**
	 * 50 sessions written once on B, then {@code writesOnA} times on A (the last one
	 * "5"), in a later second; once A is a member again, one read-only request for each
	 * through B, as the node serves it, while A's merge runs.
	 */
	private MergeRace raceTheMergeWithRequestsOnB(int writesOnA) {
		List<HazelcastInstance> started = this.members.start(3);
		HazelcastInstance a = started.get(0);
		HazelcastInstance b = started.get(1);
		HazelcastInstance c = started.get(2);
		CountDownLatch mergedOnA = mergedLatch(a);
		HazelcastIndexedSessionRepository onA = repository(a);
		HazelcastIndexedSessionRepository onB = repository(b);
		List<String> probes = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			probes.add(createOwnedBy(onA, a));
		}
		// Other sessions make A's merge take long enough to be caught in the middle.
		for (int i = 0; i < 2000; i++) {
			create(onB, "other-" + i);
		}

		splitOffAndWait(a, b, c);
		probes.forEach((probe) -> update(onB, probe, "3"));
		laterSecond();
		for (int i = writesOnA - 1; i >= 0; i--) {
			String value = Integer.toString(5 - i);
			probes.forEach((probe) -> update(onA, probe, value));
		}
		laterSecond();

		long heal = System.nanoTime();
		heal(a, b, c);
		long whole = awaitMemberList(3, b);
		// A probe whose request read 3 was requested before A's copy arrived; one that
		// read 5, after.
		Map<String, String> readDuringMerge = new LinkedHashMap<>();
		for (String probe : probes) {
			readDuringMerge.put(probe, touch(onB, probe));
		}
		long touched = System.nanoTime();
		long merged = awaitMerged(mergedOnA);

		List<String> beforeTheirMerge = probes.stream()
			.filter((probe) -> "3".equals(readDuringMerge.get(probe)))
			.toList();
		report("%d write(s) on A, 1 on B: B saw 3 members %d ms after the heal; one request for each of 50 sessions "
				+ "on B took %d ms, A's MERGED came %d ms after the member list; %d of the requests read B's copy "
				+ "(before A's arrived)", writesOnA, millis(heal, whole), millis(whole, touched), millis(whole, merged),
				beforeTheirMerge.size());
		assertThat(readDuringMerge.values()).as("values B read during the merge").allMatch(List.of("3", "5")::contains);
		return new MergeRace(probes, readDuringMerge, beforeTheirMerge, onA, onB);
	}

	private record MergeRace(List<String> probes, Map<String, String> readDuringMerge, List<String> beforeTheirMerge,
			HazelcastIndexedSessionRepository onA, HazelcastIndexedSessionRepository onB) {

		String valueOnA(String probe) {
			return valueOf(this.onA, probe);
		}

		String valueOnB(String probe) {
			return valueOf(this.onB, probe);
		}

	}

	@Test
	void aSideSmallerThanTheMinimumSizeShouldRefuseSessionsAndReportNotReady() {
		List<HazelcastInstance> started = this.members.start(3, "tandem.node.cluster.min-size=2");
		HazelcastInstance a = started.get(0);
		HazelcastInstance b = started.get(1);
		HazelcastInstance c = started.get(2);
		SessionCluster clusterOnA = cluster(a);
		SessionCluster clusterOnB = cluster(b);
		await().atMost(CLUSTER_CHANGE).until(() -> clusterOnA.state().ready() && clusterOnB.state().ready());
		HazelcastIndexedSessionRepository onA = repository(a);
		HazelcastIndexedSessionRepository onB = repository(b);
		String before = create(onA, "before");

		long split = System.nanoTime();
		splitOff(a, b, c);
		await().atMost(CLUSTER_CHANGE).until(() -> !clusterOnA.state().ready());
		long notReady = System.nanoTime();
		this.members.awaitSize(2, b, c);

		assertThat(clusterOnA.state().minSizeMet()).isFalse();
		assertThat(clusterOnA.state().members()).hasSize(1);
		assertThatExceptionOfType(SplitBrainProtectionException.class).isThrownBy(() -> create(onA, "refused"));
		assertThatExceptionOfType(SplitBrainProtectionException.class).isThrownBy(() -> onA.findById(before));
		assertThat(clusterOnB.state().ready()).isTrue();
		String duringSplit = create(onB, "written-on-b");
		assertThat(valueOf(onB, before)).isEqualTo("before");

		long heal = System.nanoTime();
		heal(a, b, c);
		await().atMost(MERGE).until(() -> clusterOnA.state().ready());
		long readyAgain = System.nanoTime();
		report("min-size 2, split {A}/{B,C}: A not ready %d ms after the split; ready again %d ms after the heal",
				millis(split, notReady), millis(heal, readyAgain));
		assertThat(valueOf(onA, duringSplit)).isEqualTo("written-on-b");
	}

	private static SessionCluster cluster(HazelcastInstance member) {
		return new HazelcastSessionCluster(member, 2, new PartitionSafetyProbe(member, SAFETY_INTERVAL),
				new SessionCountProbe(member, HazelcastIndexedSessionRepository.DEFAULT_SESSION_MAP_NAME,
						SAFETY_INTERVAL));
	}

	private static HazelcastIndexedSessionRepository repository(HazelcastInstance member) {
		HazelcastIndexedSessionRepository repository = new HazelcastIndexedSessionRepository(member);
		repository.afterPropertiesSet();
		return repository;
	}

	private static <S extends Session> String create(SessionRepository<S> repository, String value) {
		return save(repository, repository.createSession(), value);
	}

	private static <S extends Session> String update(SessionRepository<S> repository, String id, String value) {
		return save(repository, repository.findById(id), value);
	}

	private static <S extends Session> String save(SessionRepository<S> repository, S session, String value) {
		session.setAttribute("value", value);
		repository.save(session);
		return session.getId();
	}

	private static <S extends Session> String valueOf(SessionRepository<S> repository, String id) {
		S session = repository.findById(id);
		return (session != null) ? session.getAttribute("value") : null;
	}

	// Spring Session picks random ids; keep drawing until the partition owner is the
	// member. A third of ids qualify with three members, so 1000 draws never run out.
	private static <S extends Session> String createOwnedBy(SessionRepository<S> repository, HazelcastInstance owner) {
		for (int i = 0; i < 1000; i++) {
			S session = repository.createSession();
			if (owner.getPartitionService().getPartition(session.getId()).getOwner().localMember()) {
				return save(repository, session, "v0");
			}
		}
		throw new AssertionError("no session id owned by " + owner.getName() + " in 1000 draws");
	}

	/** A request that reads the session and changes nothing, as the node serves it. */
	private static <S extends Session> String touch(SessionRepository<S> repository, String id) {
		S session = repository.findById(id);
		session.setLastAccessedTime(Instant.now());
		repository.save(session);
		return session.getAttribute("value");
	}

	private static CountDownLatch mergedLatch(HazelcastInstance member) {
		CountDownLatch merged = new CountDownLatch(1);
		member.getLifecycleService().addLifecycleListener((event) -> {
			if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
				merged.countDown();
			}
		});
		return merged;
	}

	private static long awaitMerged(CountDownLatch merged) {
		try {
			assertThat(merged.await(MERGE.toSeconds(), TimeUnit.SECONDS)).as("MERGED within %s", MERGE).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
		return System.nanoTime();
	}

	/**
	 * Wait (polling every 5 ms) until the member lists this many members; when it did.
	 */
	private static long awaitMemberList(int count, HazelcastInstance member) {
		await().atMost(MERGE)
			.pollInterval(Duration.ofMillis(5))
			.until(() -> member.getCluster().getMembers().size() == count);
		return System.nanoTime();
	}

	/**
	 * Cuts {@code a} off from {@code b} and {@code c} and waits until both sides see it.
	 */
	private void splitOffAndWait(HazelcastInstance a, HazelcastInstance b, HazelcastInstance c) {
		splitOff(a, b, c);
		this.members.awaitSize(1, a);
		this.members.awaitSize(2, b, c);
	}

	private static void splitOff(HazelcastInstance alone, HazelcastInstance... others) {
		for (HazelcastInstance other : others) {
			SplitBrainTestSupport.blockCommunicationBetween(alone, other);
		}
	}

	private static void heal(HazelcastInstance alone, HazelcastInstance... others) {
		for (HazelcastInstance other : others) {
			SplitBrainTestSupport.unblockCommunicationBetween(alone, other);
		}
	}

	// Hazelcast keeps an entry's last-update time in whole seconds, so updates on the two
	// sides that must be ordered are made in different seconds.
	private static void laterSecond() {
		long next = (System.currentTimeMillis() / 1000 + 1) * 1000;
		await().atMost(Duration.ofSeconds(3))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> System.currentTimeMillis() >= next + 50);
	}

	private static long millis(long fromNanos, long toNanos) {
		return Duration.ofNanos(toNanos - fromNanos).toMillis();
	}

	private static void report(String format, Object... args) {
		System.out.println("[measured] " + String.format(format, args));
	}

}
