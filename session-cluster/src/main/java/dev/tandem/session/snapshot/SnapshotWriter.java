package dev.tandem.session.snapshot;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Keeps the snapshot file in step with the session changes handed to it. Any thread may
 * {@link #offer} a change: it only enters a bounded queue, so nothing waits for the disk.
 * One thread calls {@link #flush} once per flush interval: the queued changes become one
 * append and one fsync; when the file has grown to several times its live content, or
 * past the size limit, it is compacted to the live sessions alone. A change that finds
 * the queue full, or a session that would take the copy past the size limit, is dropped,
 * and the copy is reported incomplete in one log line.
 */
final class SnapshotWriter implements Closeable {

	private static final Log logger = LogFactory.getLog(SnapshotWriter.class);

	// Rewriting costs the live size; appending past this many times it costs more.
	private static final int COMPACT_FACTOR = 3;

	private final Path dir;

	private final long maxSize;

	private final BlockingQueue<SnapshotRecord> queue;

	private final Map<String, SnapshotRecord> live;

	private final AtomicBoolean incomplete = new AtomicBoolean();

	private long liveBytes;

	private SnapshotFile file;

	/**
	 * Starts the copy from these sessions, rewriting the file to hold exactly them.
	 * @param dir the snapshot directory
	 * @param initial the sessions the copy starts with
	 * @param maxSize the size limit of the file, in bytes
	 * @param queueCapacity how many changes may wait for a flush
	 * @throws IOException if the file cannot be written
	 */
	SnapshotWriter(Path dir, Collection<SnapshotRecord> initial, long maxSize, int queueCapacity) throws IOException {
		this.dir = dir;
		this.maxSize = maxSize;
		this.queue = new ArrayBlockingQueue<>(queueCapacity);
		this.live = new LinkedHashMap<>();
		for (SnapshotRecord record : initial) {
			apply(record);
		}
		this.file = SnapshotFile.rewrite(dir, this.live.values());
	}

	/**
	 * Hands a change to the next flush without waiting.
	 * @param record the change
	 * @return whether it was queued
	 */
	boolean offer(SnapshotRecord record) {
		if (this.queue.offer(record)) {
			return true;
		}
		markIncomplete("its queue of " + (this.queue.size() + this.queue.remainingCapacity())
				+ " changes was full (raise tandem.node.sessions.snapshot.queue-capacity)");
		return false;
	}

	/**
	 * Writes what was queued since the last flush: one append, one fsync, and a
	 * compaction when due. Called from one thread only.
	 * @param now the wall-clock time in epoch milliseconds, to drop expired sessions when
	 * compacting
	 * @return how many changes were written
	 * @throws IOException if the disk refuses
	 */
	int flush(long now) throws IOException {
		List<SnapshotRecord> drained = new ArrayList<>();
		this.queue.drainTo(drained);
		List<SnapshotRecord> batch = new ArrayList<>(drained.size());
		for (SnapshotRecord record : drained) {
			SnapshotRecord written = apply(record);
			if (written != null) {
				batch.add(written);
			}
		}
		this.file.append(batch);
		long size = this.file.size();
		if (size > this.maxSize || (size > this.maxSize / 8 && size > COMPACT_FACTOR * this.liveBytes)) {
			compact(now);
		}
		return batch.size();
	}

	/**
	 * Rewrites the file with the live, unexpired sessions alone.
	 * @param now the wall-clock time in epoch milliseconds
	 * @throws IOException if the disk refuses
	 */
	void compact(long now) throws IOException {
		this.live.values().removeIf((record) -> record.isExpired(now));
		this.liveBytes = this.live.values().stream().mapToLong(SnapshotRecord::size).sum();
		this.file.close();
		this.file = SnapshotFile.rewrite(this.dir, this.live.values());
	}

	// The record to append for a change, or null when it changes nothing on disk.
	private SnapshotRecord apply(SnapshotRecord record) {
		SnapshotRecord previous = this.live.get(record.id());
		if (record.isRemoval()) {
			if (previous == null) {
				return null;
			}
			this.live.remove(record.id());
			this.liveBytes -= previous.size();
			return record;
		}
		long grown = this.liveBytes - ((previous != null) ? previous.size() : 0) + record.size();
		if (grown > this.maxSize) {
			markIncomplete("its sessions would take more than tandem.node.sessions.snapshot.max-size (" + this.maxSize
					+ " bytes)");
			// The stale copy would come back after a power cut as if it were current.
			return (previous != null) ? apply(SnapshotRecord.removal(record.id())) : null;
		}
		this.live.put(record.id(), record);
		this.liveBytes = grown;
		return record;
	}

	private void markIncomplete(String why) {
		if (this.incomplete.compareAndSet(false, true)) {
			logger.warn("The session snapshot in " + this.dir + " is incomplete: " + why
					+ "; sessions changed from now on may be missing from it after a power cut.");
		}
	}

	/**
	 * Empties the copy, on disk too; changes queued since stay queued. Called from the
	 * flushing thread, or before it starts.
	 * @throws IOException if the disk refuses
	 */
	void reset() throws IOException {
		this.live.clear();
		this.liveBytes = 0;
		this.file.close();
		this.file = SnapshotFile.rewrite(this.dir, this.live.values());
	}

	/**
	 * The ids of the sessions in the copy, as of the last flush.
	 * @return a copy of the ids
	 */
	Set<String> ids() {
		return new HashSet<>(this.live.keySet());
	}

	boolean isIncomplete() {
		return this.incomplete.get();
	}

	long fileSize() throws IOException {
		return this.file.size();
	}

	@Override
	public void close() throws IOException {
		this.file.close();
	}

}
