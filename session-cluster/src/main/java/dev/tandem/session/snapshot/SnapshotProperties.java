package dev.tandem.session.snapshot;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The node's local copy of its sessions for a power cut of the whole cluster, bound from
 * {@code tandem.node.sessions.snapshot}. Off by default; every value is checked when it
 * is bound, so a bad one stops start-up with a sentence that names the property.
 *
 * @param enabled Whether the node keeps a copy of the sessions whose primary copy it
 * holds on its own disk and restores it when the cluster starts cold.
 * @param dir Directory of the copy, on the node's own disk and writable by the node (for
 * the Debian package, /var/lib/tandem/was-node/sessions in the unit's state directory);
 * required when enabled.
 * @param flushInterval How often changes are appended and synced to disk: at most one
 * write and one fsync per interval; a power cut loses about this much of the last writes.
 * @param maxSize Largest size of the copy on disk; sessions beyond it are left out and
 * the copy is reported incomplete.
 * @param queueCapacity Session changes waiting for the next flush; when full, further
 * changes are dropped and the copy is reported incomplete instead of slowing requests.
 * @param restoreWindow How long after a cluster started cold the nodes that join it still
 * restore their copies (sessions absent from the cluster, or older there); a node joining
 * later never loads its copy.
 */
@ConfigurationProperties(SnapshotProperties.PREFIX)
public record SnapshotProperties(boolean enabled, String dir, @DefaultValue("1s") Duration flushInterval,
		@DefaultValue("64MB") DataSize maxSize, @DefaultValue("10000") int queueCapacity,
		@DefaultValue("5m") Duration restoreWindow) {

	static final String PREFIX = "tandem.node.sessions.snapshot";

	public SnapshotProperties {
		dir = (dir == null || dir.isBlank()) ? null : dir.trim();
		if (enabled && dir == null) {
			throw new IllegalArgumentException(PREFIX + ".dir must be set when " + PREFIX
					+ ".enabled is true, such as /var/lib/tandem/was-node/sessions.");
		}
		if (dir != null && !Path.of(dir).isAbsolute()) {
			throw new IllegalArgumentException(PREFIX + ".dir must be an absolute path, but was '" + dir + "'.");
		}
		if (flushInterval == null || flushInterval.compareTo(Duration.ofMillis(100)) < 0
				|| flushInterval.compareTo(Duration.ofMinutes(1)) > 0) {
			throw new IllegalArgumentException(
					PREFIX + ".flush-interval must be between 100ms and 1m, such as 1s, but was "
							+ ((flushInterval != null) ? flushInterval.toMillis() + "ms" : "empty") + ".");
		}
		if (maxSize == null || maxSize.toBytes() < DataSize.ofKilobytes(64).toBytes()) {
			throw new IllegalArgumentException(PREFIX + ".max-size must be at least 64KB, such as 64MB, but was "
					+ ((maxSize != null) ? maxSize.toBytes() + "B" : "empty") + ".");
		}
		if (queueCapacity < 100) {
			throw new IllegalArgumentException(
					PREFIX + ".queue-capacity must be at least 100, but was " + queueCapacity + ".");
		}
		if (restoreWindow == null || restoreWindow.isNegative()) {
			throw new IllegalArgumentException(PREFIX + ".restore-window must be 0s or more, such as 5m, but was "
					+ ((restoreWindow != null) ? restoreWindow.toMillis() + "ms" : "empty") + ".");
		}
	}

	/**
	 * The directory of the copy.
	 * @return the directory
	 */
	Path directory() {
		return Path.of(this.dir);
	}

}
