package dev.tandem.gateway.accesslog;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The access log of the public port, bound from {@code tandem.gateway.access-log}.
 * Start-up fails with one sentence naming the property when a value cannot work, and,
 * when the log is on, when its file can be neither created nor appended to.
 *
 * @param enabled Whether each request to the public port is written to the access log.
 * @param path The access log file; relative paths start from the working directory.
 * Rolled-over files sit beside it as path.1 (the newest) to path.N.
 * @param maxFileSize The size at which the file is rolled over; it may pass this by what
 * is written in about a second.
 * @param maxHistory How many rolled-over files are kept beside the current one (1-20);
 * the oldest is deleted when another one rolls over.
 */
@ConfigurationProperties(AccessLogProperties.PREFIX)
record AccessLogProperties(@DefaultValue("false") boolean enabled, @DefaultValue("logs/access.log") Path path,
		@DefaultValue("10MB") DataSize maxFileSize, @DefaultValue("5") int maxHistory) {

	static final String PREFIX = "tandem.gateway.access-log";

	/** Logback's fixed-window rolling keeps at most 20 rolled-over files. */
	static final int MOST_HISTORY = 20;

	private static final DataSize SMALLEST_FILE = DataSize.ofKilobytes(1);

	AccessLogProperties {
		if (path == null || path.toString().isBlank() || path.toString().contains("%")) {
			throw new IllegalArgumentException(PREFIX + ".path must name a file, without '%' (Logback would read "
					+ "it as a pattern), such as /var/log/tandem/gateway/access.log, but was '" + path + "'.");
		}
		if (maxFileSize == null || maxFileSize.compareTo(SMALLEST_FILE) < 0) {
			throw new IllegalArgumentException(
					PREFIX + ".max-file-size must be 1KB or more, such as 10MB, but was " + maxFileSize + ".");
		}
		if (maxHistory < 1 || maxHistory > MOST_HISTORY) {
			throw new IllegalArgumentException(
					PREFIX + ".max-history must be from 1 to " + MOST_HISTORY + ", but was " + maxHistory + ".");
		}
		if (enabled) {
			requireWritable(path);
		}
	}

	/**
	 * The file must be appendable, or the closest directory above it that exists must be
	 * writable (the missing ones are created when the log opens). Checked here so that
	 * the failure is the one sentence, not a stack trace from the appender.
	 */
	private static void requireWritable(Path path) {
		Path file = path.toAbsolutePath().normalize();
		if (Files.exists(file)) {
			if (!Files.isRegularFile(file) || !Files.isWritable(file)) {
				throw new IllegalArgumentException(
						PREFIX + ".path must name a file the gateway can append to, but " + file + " is "
								+ ((Files.isRegularFile(file)) ? "not writable for this user." : "not a file."));
			}
			return;
		}
		Path existing = file.getParent();
		while (existing != null && !Files.exists(existing)) {
			existing = existing.getParent();
		}
		if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
			throw new IllegalArgumentException(PREFIX + ".path must name a file the gateway can create, but " + existing
					+ " (the closest existing path above " + file + ") is "
					+ ((existing != null && !Files.isDirectory(existing)) ? "not a folder."
							: "not writable for this user."));
		}
	}

}
