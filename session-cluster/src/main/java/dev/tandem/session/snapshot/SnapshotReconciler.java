package dev.tandem.session.snapshot;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.hazelcast.map.IMap;

import org.springframework.session.MapSession;

/**
 * Brings the copy in step with what entry events do not report: sessions whose primary
 * copy moved here (a node left or joined) are added, and sessions whose primary copy is
 * now on another node are dropped, since this node no longer hears of their changes: a
 * stale spare copy restored after a power cut could otherwise win over the current one at
 * a merge. Every session is thus in the copy of the node holding its primary copy, but
 * for the few seconds after a partition moves.
 */
final class SnapshotReconciler {

	private final IMap<String, MapSession> sessions;

	private final SessionCodec codec;

	SnapshotReconciler(IMap<String, MapSession> sessions, SessionCodec codec) {
		this.sessions = sessions;
		this.codec = codec;
	}

	/**
	 * Queues the changes that bring the copy in step with the map.
	 * @param writer the copy
	 * @return how many changes were queued
	 */
	int reconcile(SnapshotWriter writer) {
		Set<String> known = writer.ids();
		Set<String> local = this.sessions.localKeySet();
		Set<String> missing = new HashSet<>(local);
		missing.removeAll(known);
		int changes = 0;
		if (!missing.isEmpty()) {
			for (Map.Entry<String, MapSession> entry : this.sessions.getAll(missing).entrySet()) {
				changes += writer.offer(this.codec.record(entry.getValue())) ? 1 : 0;
			}
		}
		Set<String> elsewhere = new HashSet<>(known);
		elsewhere.removeAll(local);
		for (String moved : elsewhere) {
			changes += writer.offer(SnapshotRecord.removal(moved)) ? 1 : 0;
		}
		return changes;
	}

}
