package dev.tandem.session.snapshot;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

import com.hazelcast.map.IMap;

import org.springframework.session.MapSession;

/**
 * Puts the sessions of a snapshot back into the session map. A session goes in only when
 * it has not expired by its own last access and max inactive interval, and when the map
 * has no copy of it or an older one (by last access): a copy another node restored, or a
 * client touched since, is never overwritten. The session keeps its id, attributes, times
 * and max inactive interval; the entry gets the time to live Spring Session gives it. It
 * goes in under another original id than its id, which is how Spring Session tells a
 * session that is new ({@code SessionCreatedEvent}) from one that is not.
 */
final class SnapshotRestorer {

	/** Prefix of the original id of a restored session. */
	static final String RESTORED_PREFIX = "restored:";

	private final IMap<String, MapSession> sessions;

	private final SessionCodec codec;

	private final RemovedSessions removed;

	SnapshotRestorer(IMap<String, MapSession> sessions, SessionCodec codec, RemovedSessions removed) {
		this.sessions = sessions;
		this.codec = codec;
		this.removed = removed;
	}

	/**
	 * Restores what can be restored.
	 * @param records the snapshot's live records
	 * @param now the wall-clock time in epoch milliseconds
	 * @return the counts, and the first reason a record could not be read
	 */
	Result restore(Collection<SnapshotRecord> records, long now) {
		int restored = 0;
		int expired = 0;
		int keptLive = 0;
		int unreadable = 0;
		String firstProblem = null;
		for (SnapshotRecord record : records) {
			if (record.isExpired(now)) {
				expired++;
				continue;
			}
			MapSession saved;
			try {
				saved = this.codec.session(record.value());
			}
			catch (RuntimeException ex) {
				unreadable++;
				firstProblem = (firstProblem != null) ? firstProblem : ex.getMessage();
				continue;
			}
			if (saved.isExpired()) {
				expired++;
			}
			else if (this.removed.wasRemoved(saved.getId())) {
				keptLive++;
			}
			else if (putIfNewer(restoredCopy(saved))) {
				restored++;
			}
			else {
				keptLive++;
			}
		}
		return new Result(restored, expired, keptLive, unreadable, firstProblem);
	}

	private boolean putIfNewer(MapSession session) {
		long ttl = session.getMaxInactiveInterval().getSeconds();
		MapSession live = this.sessions.get(session.getId());
		if (live == null) {
			return this.sessions.putIfAbsent(session.getId(), session, ttl, TimeUnit.SECONDS) == null;
		}
		if (!live.getLastAccessedTime().isBefore(session.getLastAccessedTime())) {
			return false;
		}
		// Compare-and-set on the serialized copy: a write that lands meanwhile wins.
		if (!this.sessions.replace(session.getId(), live, session)) {
			return false;
		}
		this.sessions.setTtl(session.getId(), ttl, TimeUnit.SECONDS);
		return true;
	}

	/**
	 * The session as it goes back into the map: the same in all but its original id.
	 * @param saved the session read from the snapshot
	 * @return the copy to store
	 */
	static MapSession restoredCopy(MapSession saved) {
		String originalId = saved.getOriginalId().equals(saved.getId()) ? RESTORED_PREFIX + saved.getId()
				: saved.getOriginalId();
		MapSession copy = new MapSession(originalId);
		copy.setId(saved.getId());
		copy.setCreationTime(saved.getCreationTime());
		copy.setLastAccessedTime(saved.getLastAccessedTime());
		copy.setMaxInactiveInterval(saved.getMaxInactiveInterval());
		saved.getAttributeNames().forEach((name) -> copy.setAttribute(name, saved.getAttribute(name)));
		return copy;
	}

	/**
	 * What a restore did.
	 *
	 * @param restored sessions put back
	 * @param expired sessions left out because they had expired
	 * @param keptLive sessions left out because the cluster had them already, as new or
	 * newer, or removed them in the restore window
	 * @param unreadable sessions that could not be deserialized
	 * @param firstProblem why the first of those could not, or {@code null}
	 */
	record Result(int restored, int expired, int keptLive, int unreadable, String firstProblem) {

	}

}
