package dev.tandem.gateway.admin.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The runtime state file, {@code <stateDir>/members.json}. A write replaces the file
 * atomically (temporary file, forced to disk, renamed over it, directory forced), so a
 * crash at any point leaves the previous state or the new one; it throws on any IO error
 * so that the caller refuses the change it was saving. A read never throws: a missing
 * file is the {@linkplain RuntimeState#empty() empty state}, and a file that cannot be
 * used is moved aside with one warning, so a damaged file costs the saved changes, never
 * the start.
 */
public final class RuntimeStateFile {

	/** The file's name in the state directory. */
	public static final String FILE_NAME = "members.json";

	private static final Log logger = LogFactory.getLog(RuntimeStateFile.class);

	private final Path file;

	private final Clock clock;

	private final DurableFiles files;

	/** The highest revision read or written, so a stale state is never written. */
	private long revision;

	/**
	 * The state file in this directory, which is created on the first write.
	 * @param stateDir the state directory
	 */
	public RuntimeStateFile(Path stateDir) {
		this(stateDir, Clock.systemUTC());
	}

	/**
	 * The state file in this directory, naming a bad file by this clock.
	 * @param stateDir the state directory
	 * @param clock the clock
	 */
	public RuntimeStateFile(Path stateDir, Clock clock) {
		this(stateDir, clock, DurableFiles.SYSTEM);
	}

	RuntimeStateFile(Path stateDir, Clock clock, DurableFiles files) {
		this.file = stateDir.resolve(FILE_NAME);
		this.clock = clock;
		this.files = files;
	}

	/**
	 * The file this reads and writes.
	 * @return {@code <stateDir>/members.json}
	 */
	public Path file() {
		return this.file;
	}

	/**
	 * The saved state. A file that cannot be read, is not valid JSON, has another format
	 * version or names an invalid member is moved to {@code members.json.bad-<UTC time>}
	 * with one warning, and the gateway starts from its configuration.
	 * @return the state, {@linkplain RuntimeState#empty() empty} when there is no usable
	 * file
	 */
	public synchronized RuntimeState read() {
		RuntimeState state;
		try {
			state = RuntimeStateJson.read(Files.readAllBytes(this.file));
		}
		catch (NoSuchFileException ex) {
			return RuntimeState.empty();
		}
		catch (IOException | IllegalArgumentException ex) {
			setAside(Json.reason(ex));
			return RuntimeState.empty();
		}
		this.revision = Math.max(this.revision, state.revision());
		return state;
	}

	/**
	 * Save a state durably; when this returns, the state survives a crash or power loss.
	 * @param state the state, of a higher revision than any read or written before
	 * @throws IOException when it could not be saved; the file then holds the previous
	 * state
	 * @throws IllegalStateException when the revision is not higher, which means two
	 * changes were built on the same state
	 */
	public synchronized void write(RuntimeState state) throws IOException {
		if (state.revision() <= this.revision) {
			throw new IllegalStateException("State revision " + state.revision() + " is not newer than revision "
					+ this.revision + ", which was already read or written.");
		}
		this.files.replace(this.file, RuntimeStateJson.write(state));
		this.revision = state.revision();
	}

	private void setAside(String reason) {
		String outcome;
		try {
			Path aside = this.files.moveAside(this.file, this.clock.instant());
			outcome = "moved it to " + aside.getFileName();
		}
		catch (IOException ex) {
			// The next write replaces it anyway; the start must go on.
			outcome = "could not move it aside (" + ex + ")";
		}
		logger.warn("State file " + this.file + " " + reason + "; " + outcome
				+ ". The gateway starts from its configuration, without the changes saved at runtime.");
	}

}
