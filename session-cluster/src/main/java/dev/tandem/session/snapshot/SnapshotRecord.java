package dev.tandem.session.snapshot;

/**
 * One change of one session as the snapshot file stores it: the session's serialized
 * form, or no value when the session is gone.
 *
 * @param id the session id
 * @param expiresAt when the session expires by its own last access and max inactive
 * interval, in epoch milliseconds ({@link Long#MAX_VALUE} for never); 0 for a removal
 * @param value the session serialized by the session map's serializer, or {@code null}
 * for a removal
 */
record SnapshotRecord(String id, long expiresAt, byte[] value) {

	static SnapshotRecord removal(String id) {
		return new SnapshotRecord(id, 0, null);
	}

	boolean isRemoval() {
		return this.value == null;
	}

	boolean isExpired(long now) {
		return !isRemoval() && this.expiresAt <= now;
	}

	/**
	 * What the record takes in the file, near enough to size the copy.
	 * @return bytes
	 */
	long size() {
		return SnapshotFile.RECORD_OVERHEAD + 2L * this.id.length() + ((this.value != null) ? this.value.length : 0);
	}

}
