package dev.tandem.session.snapshot;

import java.util.function.Consumer;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;

import org.springframework.session.MapSession;

/**
 * Hands every change of the sessions whose primary copy is on this member to the
 * {@link SnapshotWriter}, on Hazelcast's event threads, never on a request's thread.
 * Registered as a local entry listener, so each change is recorded by one member only. A
 * removal is also told to the {@link RemovedSessions}, so that no node's older copy
 * brings the session back.
 */
final class SessionSnapshotListener implements EntryAddedListener<String, MapSession>,
		EntryUpdatedListener<String, MapSession>, EntryRemovedListener<String, MapSession>,
		EntryExpiredListener<String, MapSession>, EntryEvictedListener<String, MapSession> {

	private final SnapshotWriter writer;

	private final SessionCodec codec;

	private final Consumer<String> removed;

	/**
	 * Records into the writer.
	 * @param writer the copy
	 * @param codec how sessions become records
	 * @param removed told of each session removed (invalidated), not merely expired
	 */
	SessionSnapshotListener(SnapshotWriter writer, SessionCodec codec, Consumer<String> removed) {
		this.writer = writer;
		this.codec = codec;
		this.removed = removed;
	}

	@Override
	public void entryAdded(EntryEvent<String, MapSession> event) {
		changed(event);
	}

	@Override
	public void entryUpdated(EntryEvent<String, MapSession> event) {
		changed(event);
	}

	@Override
	public void entryRemoved(EntryEvent<String, MapSession> event) {
		gone(event);
		this.removed.accept(event.getKey());
	}

	@Override
	public void entryExpired(EntryEvent<String, MapSession> event) {
		gone(event);
	}

	@Override
	public void entryEvicted(EntryEvent<String, MapSession> event) {
		gone(event);
	}

	private void changed(EntryEvent<String, MapSession> event) {
		MapSession session = event.getValue();
		if (session != null) {
			this.writer.offer(this.codec.record(session));
		}
	}

	private void gone(EntryEvent<String, MapSession> event) {
		this.writer.offer(SnapshotRecord.removal(event.getKey()));
	}

}
