package dev.tandem.session.snapshot;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.map.IMap;

import org.springframework.session.MapSession;

/**
 * Puts the sessions of a snapshot back into the session map. A session goes in only when
 * it has not expired by its own last access and max inactive interval, and when the map
 * has no copy of it or an older one (by last access): a copy another node restored, or a
 * client touched since, is never overwritten. The session keeps its id, attributes, times
 * and max inactive interval; the entry gets the time to live Spring Session gives it. It
 * goes in under another original id than its id, which is how Spring Session tells a
 * session that is new ({@code SessionCreatedEvent}) from one that is not. A session the
 * cluster does not take is counted and left out: a restore never stops a start.
 */
final class SnapshotRestorer {

	/**
	 * Tries of one session whose write the cluster could not confirm: with safe writes a
	 * put whose backup does not acknowledge in time fails as indeterminate, which a cold
	 * start meets while the other members are still starting.
	 */
	static final int ATTEMPTS = 3;

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
		int refused = 0;
		String firstRefusal = null;
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
			else {
				try {
					if (putIfNewer(restoredCopy(saved))) {
						restored++;
					}
					else {
						keptLive++;
					}
				}
				catch (HazelcastException ex) {
					refused++;
					firstRefusal = (firstRefusal != null) ? firstRefusal : ex.getMessage();
				}
			}
		}
		return new Result(restored, expired, keptLive, unreadable, firstProblem, refused, firstRefusal);
	}

	// An indeterminate write may have landed: the next try reads the map again and finds
	// the copy it put, if so.
	private boolean putIfNewer(MapSession session) {
		for (int attempt = 1;; attempt++) {
			try {
				return putIfNewer(session, attempt > 1);
			}
			catch (IndeterminateOperationStateException ex) {
				if (attempt == ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	private boolean putIfNewer(MapSession session, boolean triedBefore) {
		long ttl = session.getMaxInactiveInterval().getSeconds();
		MapSession live = this.sessions.get(session.getId());
		if (live == null) {
			return this.sessions.putIfAbsent(session.getId(), session, ttl, TimeUnit.SECONDS) == null;
		}
		boolean ownCopy = triedBefore && live.getOriginalId().equals(session.getOriginalId())
				&& live.getLastAccessedTime().equals(session.getLastAccessedTime());
		if (!ownCopy) {
			if (!live.getLastAccessedTime().isBefore(session.getLastAccessedTime())) {
				return false;
			}
			// Compare-and-set on the serialized copy: a write that lands meanwhile wins.
			if (!this.sessions.replace(session.getId(), live, session)) {
				return false;
			}
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
	 * @param refused sessions the cluster did not take, after {@link #ATTEMPTS} tries
	 * when it could not confirm a write
	 * @param firstRefusal why the first of those was not taken, or {@code null}
	 */
	record Result(int restored, int expired, int keptLive, int unreadable, String firstProblem, int refused,
			String firstRefusal) {

	}

}
