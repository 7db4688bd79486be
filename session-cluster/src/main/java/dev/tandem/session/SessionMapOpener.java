package dev.tandem.session;

import java.time.Duration;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IndeterminateOperationStateException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Opens the sessions map once, right after the member starts and before Spring Session
 * uses it, retrying a few times when its index could not be confirmed on a backup. A
 * member that joins while partitions migrate can miss such an acknowledgement, and with
 * {@code hazelcast.operation.fail.on.indeterminate.state} on (so that session writes
 * never succeed silently without their backup) that would otherwise make the node's
 * start-up fail.
 */
final class SessionMapOpener {

	private static final Log logger = LogFactory.getLog(SessionMapOpener.class);

	private SessionMapOpener() {
	}

	/**
	 * Open the map, trying at most {@code attempts} times.
	 * @param hazelcast the started member
	 * @param mapName the sessions map
	 * @param attempts how many times to try, at least 1
	 * @param pause the wait between two attempts
	 * @throws IndeterminateOperationStateException when the last attempt fails too
	 */
	static void open(HazelcastInstance hazelcast, String mapName, int attempts, Duration pause) {
		for (int attempt = 1;; attempt++) {
			try {
				hazelcast.getMap(mapName);
				return;
			}
			catch (IndeterminateOperationStateException ex) {
				if (attempt >= attempts) {
					throw ex;
				}
				logger.warn("Opening the sessions map '" + mapName + "' was not confirmed by a backup (attempt "
						+ attempt + " of " + attempts + "); trying again.");
				sleep(pause);
			}
		}
	}

	private static void sleep(Duration pause) {
		try {
			Thread.sleep(pause.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while opening the sessions map", ex);
		}
	}

}
