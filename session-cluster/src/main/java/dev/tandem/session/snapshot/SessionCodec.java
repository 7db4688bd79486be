package dev.tandem.session.snapshot;

import java.time.Duration;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.HeapData;
import com.hazelcast.spi.impl.SerializationServiceSupport;

import org.springframework.session.MapSession;

/**
 * Turns sessions into snapshot records and back with the member's own serialization: the
 * session map's serializer for the session, Hazelcast's for its attributes, under the
 * member's deserialization allow-list. A restored session is therefore read exactly as a
 * session arriving from a peer would be, and a class the allow-list refuses is refused
 * here too.
 */
final class SessionCodec {

	private final SerializationService serialization;

	SessionCodec(HazelcastInstance hazelcast) {
		this.serialization = ((SerializationServiceSupport) hazelcast).getSerializationService();
	}

	SnapshotRecord record(MapSession session) {
		return new SnapshotRecord(session.getId(), expiresAt(session),
				this.serialization.toData(session).toByteArray());
	}

	MapSession session(byte[] value) {
		return this.serialization.toObject(new HeapData(value));
	}

	/**
	 * When a session expires by its own fields, as Spring Session decides it.
	 * @param session the session
	 * @return epoch milliseconds, {@link Long#MAX_VALUE} for a session that never expires
	 */
	static long expiresAt(MapSession session) {
		Duration maxInactive = session.getMaxInactiveInterval();
		if (maxInactive.isNegative() || maxInactive.isZero()) {
			return Long.MAX_VALUE;
		}
		return session.getLastAccessedTime().plus(maxInactive).toEpochMilli();
	}

}
