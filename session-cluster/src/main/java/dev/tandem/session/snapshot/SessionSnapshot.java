package dev.tandem.session.snapshot;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import com.hazelcast.query.Predicates;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.session.MapSession;

/**
 * The node's local copy of its sessions for a power cut of the whole cluster. On start it
 * reads the copy (the good prefix of a damaged file), restores it when the cluster is in
 * its cold-start phase ({@link ColdStartPhase}), and then keeps it in step: entry events
 * of the sessions whose primary copy is here go to the {@link SnapshotWriter}, which one
 * background thread flushes once per flush interval, and a reconciliation after each
 * partition move, and every half minute, catches what events do not report.
 */
public final class SessionSnapshot implements DisposableBean {

	private static final Log logger = LogFactory.getLog(SessionSnapshot.class);

	private static final Duration RECONCILE_INTERVAL = Duration.ofSeconds(30);

	// Lets a burst of partition moves settle before looking at the local keys.
	private static final Duration RECONCILE_DELAY = Duration.ofSeconds(2);

	private static final Duration RESTORE_RETRY = Duration.ofSeconds(2);

	private final HazelcastInstance hazelcast;

	private final IMap<String, MapSession> sessions;

	private final SnapshotWriter writer;

	private final SnapshotReconciler reconciler;

	private final ScheduledExecutorService thread;

	private final UUID entryListener;

	private final UUID migrationListener;

	private final UUID membershipListener;

	private final SnapshotProperties properties;

	private final SessionCodec codec;

	private final RemovedSessions removed;

	private final List<SnapshotRecord> saved;

	private final int expiredOnDisk;

	private volatile boolean decided;

	private volatile boolean failing;

	/**
	 * Reads and restores the copy, then starts keeping it.
	 * @param hazelcast the started member, its session map open
	 * @param sessionMapName the session map's name
	 * @param properties {@code tandem.node.sessions.snapshot.*}
	 * @throws IOException if the snapshot directory cannot be written
	 */
	public SessionSnapshot(HazelcastInstance hazelcast, String sessionMapName, SnapshotProperties properties)
			throws IOException {
		this.hazelcast = hazelcast;
		this.sessions = hazelcast.getMap(sessionMapName);
		this.properties = properties;
		this.codec = new SessionCodec(hazelcast);
		this.removed = new RemovedSessions(hazelcast, properties.restoreWindow());
		SnapshotFile.Loaded loaded = load(properties);
		long now = System.currentTimeMillis();
		this.saved = loaded.live().values().stream().filter((record) -> !record.isExpired(now)).toList();
		this.expiredOnDisk = loaded.live().size() - this.saved.size();
		// The copy is kept as it is until the restore is decided, so a start that fails
		// before then loses nothing of it.
		this.writer = new SnapshotWriter(properties.directory(), this.saved, properties.maxSize().toBytes(),
				properties.queueCapacity());
		this.reconciler = new SnapshotReconciler(this.sessions, this.codec);
		this.entryListener = this.sessions.addLocalEntryListener(
				new SessionSnapshotListener(this.writer, this.codec, this.removed::remember), Predicates.alwaysTrue(),
				true);
		this.thread = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "tandem-session-snapshot");
			thread.setDaemon(true);
			return thread;
		});
		if (!restoreIfColdStart()) {
			// The session map refused the question (min-size lost again since the
			// member opened it): try again until the cluster serves sessions.
			this.thread.schedule(this::retryRestore, RESTORE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
		}
		long interval = properties.flushInterval().toMillis();
		this.thread.scheduleWithFixedDelay(this::flush, interval, interval, TimeUnit.MILLISECONDS);
		this.thread.scheduleWithFixedDelay(this::reconcile, RECONCILE_DELAY.toMillis(), RECONCILE_INTERVAL.toMillis(),
				TimeUnit.MILLISECONDS);
		this.migrationListener = hazelcast.getPartitionService().addMigrationListener(new AfterMigration());
		this.membershipListener = hazelcast.getCluster().addMembershipListener(new AfterMemberChange());
	}

	// Whether the restore was decided (and done, or the copy discarded); false when the
	// cluster could not be asked now.
	private boolean restoreIfColdStart() throws IOException {
		ColdStartPhase.Decision decision;
		try {
			decision = ColdStartPhase.decide(this.hazelcast, this.sessions, this.properties.restoreWindow());
		}
		catch (RuntimeException ex) {
			logger.info("The session snapshot " + this.properties.directory()
					+ " waits for the cluster to serve sessions before it is restored (" + ex.getMessage() + ").");
			return false;
		}
		if (decision.restore() && this.saved.isEmpty()) {
			logger.info("The session snapshot " + this.properties.directory() + " has no session to restore ("
					+ decision.reason() + ").");
		}
		else if (decision.restore()) {
			SnapshotRestorer.Result result = new SnapshotRestorer(this.sessions, this.codec, this.removed)
				.restore(this.saved, System.currentTimeMillis());
			logger.info("Restored " + result.restored() + " of the " + (this.saved.size() + this.expiredOnDisk)
					+ " sessions in the snapshot " + this.properties.directory() + " because " + decision.reason()
					+ "; " + (this.expiredOnDisk + result.expired()) + " had expired, " + result.keptLive()
					+ " were in the cluster already as new or newer, or removed there meanwhile"
					+ ((result.unreadable() > 0)
							? ", " + result.unreadable() + " could not be read (" + result.firstProblem() + ")" : "")
					+ ".");
			if (result.refused() > 0) {
				logger.warn(result.refused() + " sessions of the snapshot " + this.properties.directory()
						+ " were left out because the cluster did not take them (" + result.firstRefusal() + ").");
			}
		}
		else {
			if (!this.saved.isEmpty()) {
				logger.info("The " + this.saved.size() + " sessions in the snapshot " + this.properties.directory()
						+ " were not restored because " + decision.reason() + "; the node starts a new copy.");
			}
			// Stale against the running cluster; the reconciliation fills the new copy
			// with the sessions this node holds.
			this.writer.reset();
		}
		this.decided = true;
		return true;
	}

	private void retryRestore() {
		try {
			if (!this.decided && !restoreIfColdStart()) {
				this.thread.schedule(this::retryRestore, RESTORE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("The session snapshot could not be restored (" + ex + ").");
			this.decided = true;
		}
	}

	private static SnapshotFile.Loaded load(SnapshotProperties properties) {
		try {
			SnapshotFile.Loaded loaded = SnapshotFile.load(properties.directory());
			if (loaded.problem() != null) {
				logger.warn("The session snapshot " + properties.directory().resolve(SnapshotFile.NAME)
						+ " is damaged: " + loaded.problem() + "; its first " + loaded.goodBytes() + " bytes ("
						+ loaded.live().size() + " sessions) are used, the last "
						+ (loaded.totalBytes() - loaded.goodBytes()) + " bytes are dropped.");
			}
			return loaded;
		}
		catch (IOException | RuntimeException ex) {
			// A copy that cannot be read must never stop the node.
			logger.warn("The session snapshot in " + properties.directory() + " cannot be read (" + ex
					+ "); the node starts without it.");
			return new SnapshotFile.Loaded(Map.of(), 0, 0, null);
		}
	}

	private void flush() {
		try {
			this.writer.flush(System.currentTimeMillis());
			if (this.failing) {
				this.failing = false;
				logger.info("The session snapshot is written again.");
			}
		}
		catch (IOException | RuntimeException ex) {
			if (!this.failing) {
				this.failing = true;
				logger.warn("The session snapshot cannot be written (" + ex
						+ "); changes queue up until the disk takes them again.");
			}
		}
	}

	private void reconcile() {
		if (!this.decided) {
			// Until then the copy holds sessions the map does not: keep them.
			return;
		}
		try {
			this.reconciler.reconcile(this.writer);
		}
		catch (RuntimeException ex) {
			// The cluster is changing (a member leaving, a split): try again later.
			logger.debug("The session snapshot could not be reconciled with the cluster now", ex);
		}
	}

	private void reconcileSoon() {
		if (!this.thread.isShutdown()) {
			this.thread.schedule(this::reconcile, RECONCILE_DELAY.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Flushes what was queued and closes the file. On a clean stop the member then hands
	 * its sessions off, and the copy of a node that stops cleanly is used again only if
	 * the whole cluster is later started cold.
	 */
	@Override
	public void destroy() throws Exception {
		if (this.hazelcast.getLifecycleService().isRunning()) {
			this.sessions.removeEntryListener(this.entryListener);
			this.hazelcast.getPartitionService().removeMigrationListener(this.migrationListener);
			this.hazelcast.getCluster().removeMembershipListener(this.membershipListener);
		}
		this.thread.shutdown();
		this.thread.awaitTermination(10, TimeUnit.SECONDS);
		this.writer.flush(System.currentTimeMillis());
		this.writer.close();
	}

	private final class AfterMigration implements MigrationListener {

		@Override
		public void migrationStarted(MigrationState state) {
		}

		@Override
		public void migrationFinished(MigrationState state) {
			reconcileSoon();
		}

		@Override
		public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
		}

		@Override
		public void replicaMigrationFailed(ReplicaMigrationEvent event) {
		}

	}

	private final class AfterMemberChange implements MembershipListener {

		@Override
		public void memberAdded(MembershipEvent event) {
			reconcileSoon();
		}

		@Override
		public void memberRemoved(MembershipEvent event) {
			reconcileSoon();
		}

	}

}
