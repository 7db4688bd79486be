package dev.tandem.session.snapshot;

import java.time.Duration;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * Decides whether a starting node may load its snapshot: only while its cluster is in a
 * cold-start phase. The first node to find no phase marker in the cluster writes one: the
 * cluster time it started cold when the session map is empty, or "running" when it holds
 * sessions already. The marker lives in cluster memory with the sessions, so it outlives
 * any single node and disappears only with the whole cluster (a power cut). Nodes that
 * join within {@code restore-window} of a cold start restore too, so that every node's
 * copy comes back when the boards boot at different times.
 */
final class ColdStartPhase {

	static final String MAP_NAME = "tandem-session-snapshot-phase";

	static final String KEY = "cold-start";

	// The marker's value for a cluster found running with sessions.
	private static final long RUNNING = 0;

	private ColdStartPhase() {
	}

	/**
	 * Reads the phase marker, writing it if this node is the first.
	 * @param hazelcast the started member
	 * @param sessions the session map
	 * @param window how long after a cold start joining nodes still restore
	 * @return whether to restore, and why
	 */
	static Decision decide(HazelcastInstance hazelcast, IMap<String, ?> sessions, Duration window) {
		IMap<String, Long> phase = hazelcast.getMap(MAP_NAME);
		long now = hazelcast.getCluster().getClusterTime();
		Long started = phase.get(KEY);
		if (started == null) {
			long mine = sessions.isEmpty() ? now : RUNNING;
			Long earlier = phase.putIfAbsent(KEY, mine);
			started = (earlier != null) ? earlier : mine;
		}
		if (started == RUNNING) {
			return new Decision(false, "the cluster it joined was already running with sessions");
		}
		Duration age = Duration.ofMillis(Math.max(0, now - started));
		if (age.compareTo(window) > 0) {
			return new Decision(false,
					"the cluster it joined started cold " + age.toSeconds()
							+ " s ago, longer than tandem.node.sessions.snapshot.restore-window (" + window.toSeconds()
							+ " s)");
		}
		return new Decision(true, "the cluster started cold " + age.toSeconds() + " s ago");
	}

	/**
	 * Whether the node loads its copy.
	 *
	 * @param restore whether it does
	 * @param reason why, for the log
	 */
	record Decision(boolean restore, String reason) {

	}

}
