package dev.tandem.session.snapshot;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import com.hazelcast.query.QueryConstants;

import org.springframework.session.MapSession;

/**
 * Brings the copy in step with what entry events do not report: sessions whose primary
 * copy moved here (a node left or joined) are added, and sessions in the copy that the
 * cluster no longer holds at all (removed while their primary copy was elsewhere) are
 * dropped. Sessions that merely moved to another node stay, as a spare copy.
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
		if (!elsewhere.isEmpty()) {
			Set<String> held = this.sessions
				.keySet(Predicates.in(QueryConstants.KEY_ATTRIBUTE_NAME.value(), elsewhere.toArray(String[]::new)));
			elsewhere.removeAll(held);
			for (String gone : elsewhere) {
				changes += writer.offer(SnapshotRecord.removal(gone)) ? 1 : 0;
			}
		}
		return changes;
	}

}
