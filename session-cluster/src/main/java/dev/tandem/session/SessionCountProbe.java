package dev.tandem.session;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.LocalMapStats;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Counts the sessions this member holds, primary copies and backups, on a thread of its
 * own and keeps the last answer, so health checks only read it.
 * <p>
 * The counts come from the sessions map's local statistics, which Hazelcast adds up from
 * this member's partitions without asking another member, but not always at once: for
 * every partition whose backup has no owner yet (right after a member left, before the
 * partitions are reassigned) it sleeps up to 300 ms. A readiness probe that waited for
 * that could be timed out by the gateway, as {@link PartitionSafetyProbe} explains.
 */
final class SessionCountProbe implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SessionCountProbe.class);

	private final HazelcastInstance hazelcast;

	private final String sessionMapName;

	private final ScheduledExecutorService executor;

	private volatile Counts counts = Counts.UNKNOWN;

	SessionCountProbe(HazelcastInstance hazelcast, String sessionMapName, Duration interval) {
		this.hazelcast = hazelcast;
		this.sessionMapName = sessionMapName;
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "tandem-session-counts");
			thread.setDaemon(true);
			return thread;
		});
		this.executor.scheduleWithFixedDelay(this::count, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * The counts of the last read.
	 * @return the last counts, unknown before the first read and while the member is not
	 * running
	 */
	Counts counts() {
		return this.counts;
	}

	private void count() {
		// A stopped member's getMap would throw; never ask it.
		if (!this.hazelcast.getLifecycleService().isRunning()) {
			this.counts = Counts.UNKNOWN;
			return;
		}
		try {
			// The member opened the sessions map at start (SessionMapOpener), so this
			// finds the map rather than creating it.
			LocalMapStats stats = this.hazelcast.getMap(this.sessionMapName).getLocalMapStats();
			this.counts = new Counts(stats.getOwnedEntryCount(), stats.getBackupEntryCount());
		}
		catch (RuntimeException ex) {
			// Shutting down between the check and the read, for one: unknown until the
			// next read works.
			this.counts = Counts.UNKNOWN;
			logger.debug("Could not read the local statistics of the sessions map '" + this.sessionMapName
					+ "'; reporting the session counts as -1", ex);
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	/**
	 * The sessions this member holds.
	 *
	 * @param owned sessions whose primary copy is on this member, -1 when unknown
	 * @param backup backup copies of sessions owned by other members, -1 when unknown
	 */
	record Counts(long owned, long backup) {

		static final Counts UNKNOWN = new Counts(SessionClusterState.UNKNOWN_COUNT, SessionClusterState.UNKNOWN_COUNT);

	}

}
