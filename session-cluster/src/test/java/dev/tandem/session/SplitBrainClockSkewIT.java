package dev.tandem.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.hazelcast.config.Config;
import com.hazelcast.core.EntryView;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.impl.MapService;
import com.hazelcast.map.impl.MapServiceContext;
import com.hazelcast.map.impl.record.Record;
import com.hazelcast.map.impl.recordstore.RecordStore;
import com.hazelcast.spi.merge.LatestUpdateMergePolicy;
import com.hazelcast.test.Accessors;
import com.hazelcast.test.SplitBrainTestSupport;
import com.hazelcast.test.TestHazelcastInstanceFactory;
import dev.tandem.session.testing.ClockAheadMembers;
import dev.tandem.session.testing.SessionNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.hazelcast.HazelcastIndexedSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * F12 at the merge: what a member whose clock runs 40 s ahead does to the sessions when a
 * split heals. Member A (the first) runs on a Hazelcast clock 40 s ahead
 * ({@link ClockAheadMembers}: the clocks differ per member, as on separate machines, on
 * Hazelcast's in-memory test network, which is the way to split members in one JVM, see
 * {@code SessionClusterSplitBrainIT}); B and C run on the system clock. A is cut off, as
 * the gateway's witness excludes a cut-off node: its copies of the sessions go stale
 * while B and C serve them. Spring Session writes the sessions, as the node does.
 */
class SplitBrainClockSkewIT {

	private static final String SESSIONS = HazelcastIndexedSessionRepository.DEFAULT_SESSION_MAP_NAME;

	private static final Duration MERGE = Duration.ofSeconds(60);

	private static final int PROBES = 10;

	private final TestHazelcastInstanceFactory factory = new TestHazelcastInstanceFactory();

	/** The session map's merge policy; {@code null} keeps the production one. */
	private String mergePolicy;

	@RegisterExtension
	final SessionNodes<HazelcastInstance> members = SessionNodes.members(this::member)
		.with("tandem.node.cluster.members=127.0.0.1", "tandem.node.cluster.port=5701",
				"tandem.node.cluster.interface=");

	private HazelcastInstance a;

	private HazelcastInstance b;

	private HazelcastInstance c;

	private HazelcastIndexedSessionRepository onA;

	private HazelcastIndexedSessionRepository onB;

	private CountDownLatch mergedOnA;

	@BeforeEach
	void requireTheSkewedClock() {
		assertThat(ClockAheadMembers.installed())
			.as("Hazelcast's clock is %s (-Dcom.hazelcast.clock.impl, set by the build's failsafe configuration)",
					ClockAheadMembers.class.getName())
			.isTrue();
	}

	@AfterEach
	void terminateMembers() {
		this.factory.terminateAll();
	}

	@Test
	void withLatestUpdateTheClockAheadSidesStaleCopyShouldWinOverTheLaterWritesOfTheOtherSide() {
		this.mergePolicy = LatestUpdateMergePolicy.class.getName();
		List<String> probes = startAndCreateProbesOnA();

		splitOffA();
		probes.forEach((probe) -> update(this.onB, probe, "written-on-b-after-the-split"));
		Map<String, String> stamps = stampsOnBothSides(probes.get(0));
		healAndAwaitMerge();

		report("LatestUpdateMergePolicy, A 40 s ahead, stale: %s; after the merge %s", stamps, valuesOnB(probes));
		assertThat(valuesOnB(probes)).as("values after the merge of sessions B wrote after the split")
			.containsOnly("v0");
	}

	@Test
	void withTheNodesPolicyTheLaterWritesOfTheClockBehindSideShouldWin() {
		List<String> probes = startAndCreateProbesOnA();

		splitOffA();
		probes.forEach((probe) -> update(this.onB, probe, "written-on-b-after-the-split"));
		Map<String, String> stamps = stampsOnBothSides(probes.get(0));
		healAndAwaitMerge();

		report("MostUpdatesMergePolicy, A 40 s ahead, stale: %s; after the merge %s", stamps, valuesOnB(probes));
		assertThat(valuesOnB(probes)).as("values after the merge of sessions B wrote after the split")
			.containsOnly("written-on-b-after-the-split");
		assertThat(valuesOn(this.onA, probes)).containsOnly("written-on-b-after-the-split");
		assertEveryCopyHoldsOneVersion(probes);
	}

	@Test
	void withTheNodesPolicyTheClockAheadSideShouldStillWinATieOfWrites() {
		List<String> probes = startAndCreateProbesOnA();

		splitOffA();
		// One write on each side, A's first: the tie goes to the last-update time, and
		// A's
		// clock makes its earlier write look 40 s later.
		probes.forEach((probe) -> update(this.onA, probe, "written-on-a-first"));
		laterSecond();
		probes.forEach((probe) -> update(this.onB, probe, "written-on-b-last"));
		Map<String, String> stamps = stampsOnBothSides(probes.get(0));
		healAndAwaitMerge();

		report("MostUpdatesMergePolicy, A 40 s ahead, one write on each side: %s; after the merge %s", stamps,
				valuesOnB(probes));
		assertThat(valuesOnB(probes)).as("values after the merge of sessions written once on each side, B last")
			.containsOnly("written-on-a-first");
		assertEveryCopyHoldsOneVersion(probes);
	}

	private HazelcastInstance member(NodeProperties node) {
		Config config = HazelcastMemberConfig.create(node, SESSIONS);
		String prefix = "n1".equals(node.id()) ? ClockAheadMembers.NAME_PREFIX : "";
		config.setInstanceName(prefix + node.id() + "-" + UUID.randomUUID());
		if (this.mergePolicy != null) {
			config.getMapConfig(SESSIONS).getMergePolicyConfig().setPolicy(this.mergePolicy);
		}
		return this.factory.newHazelcastInstance(config);
	}

	/**
	 * Three members, A ahead; sessions owned by A (so B and C hold backups, and both
	 * sides of the split hold a copy), written once before the split.
	 */
	private List<String> startAndCreateProbesOnA() {
		List<HazelcastInstance> started = this.members.start(3);
		this.a = started.get(0);
		this.b = started.get(1);
		this.c = started.get(2);
		this.onA = repository(this.a);
		this.onB = repository(this.b);
		this.mergedOnA = mergedLatch(this.a);
		List<String> probes = new ArrayList<>();
		for (int i = 0; i < PROBES; i++) {
			probes.add(createOwnedBy(this.onA, this.a));
		}
		// The guard that the skew is real: A stamped its copy by its clock, B its backup
		// by the system clock.
		long stampedByA = entry(this.a, probes.get(0)).getLastUpdateTime();
		long now = System.currentTimeMillis();
		assertThat(stampedByA - now).as("A's last-update stamp minus the system clock, ms")
			.isBetween(ClockAheadMembers.AHEAD.toMillis() - 5000, ClockAheadMembers.AHEAD.toMillis() + 1000);
		return probes;
	}

	private void splitOffA() {
		SplitBrainTestSupport.blockCommunicationBetween(this.a, this.b);
		SplitBrainTestSupport.blockCommunicationBetween(this.a, this.c);
		this.members.awaitSize(1, this.a);
		this.members.awaitSize(2, this.b, this.c);
	}

	private void healAndAwaitMerge() {
		long heal = System.nanoTime();
		SplitBrainTestSupport.unblockCommunicationBetween(this.a, this.b);
		SplitBrainTestSupport.unblockCommunicationBetween(this.a, this.c);
		try {
			assertThat(this.mergedOnA.await(MERGE.toSeconds(), TimeUnit.SECONDS)).as("A MERGED within %s", MERGE)
				.isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
		this.members.awaitSize(3, this.a, this.b, this.c);
		report("A merged %d ms after the heal", Duration.ofNanos(System.nanoTime() - heal).toMillis());
	}

	/**
	 * Each side's copy of a session: version and last-update time against the system
	 * clock.
	 */
	private Map<String, String> stampsOnBothSides(String id) {
		long now = System.currentTimeMillis();
		EntryView<Object, Object> onA = entry(this.a, id);
		EntryView<Object, Object> onB = entry(this.b, id);
		return Map.of("A", "version " + onA.getVersion() + ", updated " + (onA.getLastUpdateTime() - now) + " ms", "B",
				"version " + onB.getVersion() + ", updated " + (onB.getLastUpdateTime() - now) + " ms");
	}

	// The next split must count from one version on every copy again, also where the
	// merging copy won and replaced the existing one. Right after the merge the
	// partitions migrate back to A, and a member that gave a replica away drops its copy
	// only once that migration is finalized (CI counted three copies once), so the copies
	// are counted again until the migrations have settled.
	private void assertEveryCopyHoldsOneVersion(List<String> probes) {
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			Map<String, List<Long>> copies = probes.stream()
				.collect(Collectors.toMap((probe) -> probe, this::versionsOfEveryCopy));
			assertThat(copies.values()).allSatisfy((versions) -> {
				assertThat(versions).as("copies (owner and backup)").hasSize(2);
				assertThat(versions).as("their versions").containsOnly(versions.get(0));
			});
		});
		report("versions of every copy of each session after the merge: %s",
				probes.stream().map(this::versionsOfEveryCopy).toList());
	}

	/** The version of each copy the members hold, owner's and backups'. */
	private List<Long> versionsOfEveryCopy(String id) {
		List<Long> versions = new ArrayList<>();
		for (HazelcastInstance member : List.of(this.a, this.b, this.c)) {
			MapServiceContext context = Accessors.<MapService>getService(member, MapService.SERVICE_NAME)
				.getMapServiceContext();
			int partition = member.getPartitionService().getPartition(id).getPartitionId();
			RecordStore<?> store = context.getExistingRecordStore(partition, SESSIONS);
			Record copy = (store != null) ? store.getRecord(context.toData(id)) : null;
			if (copy != null) {
				versions.add((long) copy.getVersion());
			}
		}
		return versions;
	}

	@SuppressWarnings("unchecked")
	private static EntryView<Object, Object> entry(HazelcastInstance member, String id) {
		return (EntryView<Object, Object>) (EntryView<?, ?>) member.getMap(SESSIONS).getEntryView(id);
	}

	private List<String> valuesOnB(List<String> probes) {
		return valuesOn(this.onB, probes);
	}

	private static List<String> valuesOn(HazelcastIndexedSessionRepository repository, List<String> probes) {
		return probes.stream().map((probe) -> valueOf(repository, probe)).collect(Collectors.toList());
	}

	private static HazelcastIndexedSessionRepository repository(HazelcastInstance member) {
		HazelcastIndexedSessionRepository repository = new HazelcastIndexedSessionRepository(member);
		repository.afterPropertiesSet();
		return repository;
	}

	private static <S extends Session> void update(SessionRepository<S> repository, String id, String value) {
		S session = repository.findById(id);
		session.setAttribute("value", value);
		repository.save(session);
	}

	private static <S extends Session> String valueOf(SessionRepository<S> repository, String id) {
		S session = repository.findById(id);
		return (session != null) ? session.getAttribute("value") : null;
	}

	// Spring Session picks random ids; keep drawing until A owns the partition.
	private static <S extends Session> String createOwnedBy(SessionRepository<S> repository, HazelcastInstance owner) {
		for (int i = 0; i < 1000; i++) {
			S session = repository.createSession();
			if (owner.getPartitionService().getPartition(session.getId()).getOwner().localMember()) {
				session.setAttribute("value", "v0");
				repository.save(session);
				return session.getId();
			}
		}
		throw new AssertionError("no session id owned by " + owner.getName() + " in 1000 draws");
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

	// Hazelcast keeps an entry's last-update time in whole seconds.
	private static void laterSecond() {
		long next = (System.currentTimeMillis() / 1000 + 1) * 1000;
		await().atMost(Duration.ofSeconds(3))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> System.currentTimeMillis() >= next + 50);
	}

	private static void report(String format, Object... args) {
		System.out.println("[measured] " + String.format(format, args));
	}

}
