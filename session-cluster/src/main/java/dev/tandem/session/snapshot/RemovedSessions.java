package dev.tandem.session.snapshot;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * The ids of sessions removed (invalidated, as at logout) in the last restore window,
 * kept in a small cluster map: a node that restores its copy during the cold-start phase
 * skips them, so a session signed out while that node was down does not come back from
 * its copy. Expired sessions need no entry: a restore leaves them out by their own times.
 */
final class RemovedSessions {

	static final String MAP_NAME = "tandem-session-snapshot-removed";

	private final IMap<String, Boolean> removed;

	private final Duration window;

	RemovedSessions(HazelcastInstance hazelcast, Duration window) {
		this.removed = hazelcast.getMap(MAP_NAME);
		this.window = window;
	}

	/**
	 * Remembers a removal for one restore window, without waiting for the write.
	 * @param id the session id
	 */
	void remember(String id) {
		if (!this.window.isZero()) {
			this.removed.setAsync(id, Boolean.TRUE, this.window.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	boolean wasRemoved(String id) {
		return !this.window.isZero() && this.removed.containsKey(id);
	}

}
