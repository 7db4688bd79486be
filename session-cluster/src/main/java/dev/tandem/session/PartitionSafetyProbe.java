package dev.tandem.session;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.PartitionService;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Asks Hazelcast whether partitions are safe on a thread of its own and keeps the last
 * answers, so health checks only read them.
 * <p>
 * Both questions can block: {@code isLocalMemberSafe()} asks the master about migrations
 * and waits up to 10 s for every backup to confirm its version, and
 * {@code isClusterSafe()} waits for every member. Right after a peer dies they take
 * seconds, and a readiness probe that waited for them was timed out by the gateway, which
 * then took a healthy node out of rotation.
 */
final class PartitionSafetyProbe implements AutoCloseable {

	/** After settling, the cluster-wide check runs on one check in this many. */
	static final int CLUSTER_CHECK_EVERY = 4;

	private static final Log logger = LogFactory.getLog(PartitionSafetyProbe.class);

	private final HazelcastInstance hazelcast;

	private final ScheduledExecutorService executor;

	private volatile boolean localMemberSafe;

	private volatile boolean clusterSafe;

	/** Checks run only on the probe's one thread. */
	private long checks;

	private volatile boolean settled;

	PartitionSafetyProbe(HazelcastInstance hazelcast, Duration interval) {
		this.hazelcast = hazelcast;
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "tandem-partition-safety");
			thread.setDaemon(true);
			return thread;
		});
		this.executor.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Whether every partition this member owns had its backups in sync at the last check.
	 * @return the last answer, false before the first
	 */
	boolean localMemberSafe() {
		return this.localMemberSafe;
	}

	/**
	 * Whether every member's partitions had their backups in sync at the last check.
	 * @return the last answer, false before the first
	 */
	boolean clusterSafe() {
		return this.clusterSafe;
	}

	/**
	 * Whether the whole cluster has been safe at least once since this member started.
	 * @return true from the first safe check on
	 */
	boolean settled() {
		return this.settled;
	}

	private void check() {
		try {
			if (!this.hazelcast.getLifecycleService().isRunning()) {
				this.localMemberSafe = false;
				this.clusterSafe = false;
				return;
			}
			PartitionService partitions = this.hazelcast.getPartitionService();
			// Asked first: readiness waits for settled, and the local question can
			// block for seconds. Once settled, the cluster-wide question (an operation
			// on every member) is asked every CLUSTER_CHECK_EVERY-th time only: the
			// gateway reads it every couple of seconds, and asking it twice a second on
			// every node costs the nodes CPU their requests need.
			if (!this.settled || this.checks++ % CLUSTER_CHECK_EVERY == 0) {
				boolean clusterSafe = partitions.isClusterSafe();
				this.clusterSafe = clusterSafe;
				if (clusterSafe) {
					this.settled = true;
				}
			}
			this.localMemberSafe = partitions.isLocalMemberSafe();
			if (!this.localMemberSafe) {
				// The cluster cannot be safe while this member is not.
				this.clusterSafe = false;
			}
		}
		catch (RuntimeException ex) {
			// Shutting down, or a peer vanished mid-question: not safe, ask again
			// next time.
			this.localMemberSafe = false;
			this.clusterSafe = false;
			logger.debug("Partition safety check failed", ex);
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
