package dev.tandem.gateway.admin.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The few file operations whose durability the admin state relies on: a whole file
 * replaced so that a crash leaves either the old or the new content, never a mix; a line
 * appended and forced; a bad file moved aside. The rename is a seam so that the tests can
 * simulate a crash between writing the temporary file and renaming it.
 */
final class DurableFiles {

	/** File-name friendly (no ':'), sortable, UTC. */
	private static final DateTimeFormatter ASIDE_STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	static final DurableFiles SYSTEM = new DurableFiles((source, target) -> Files.move(source, target,
			StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING));

	private final Rename rename;

	DurableFiles(Rename rename) {
		this.rename = rename;
	}

	/**
	 * Replace a file's content: write a temporary file in the same directory, force it to
	 * disk, rename it over the file atomically, then force the directory so that the
	 * rename itself survives a power loss.
	 * @param target the file
	 * @param content its new content
	 * @throws IOException when any step fails; the file then keeps its old content
	 */
	void replace(Path target, byte[] content) throws IOException {
		Path directory = directoryOf(target);
		Files.createDirectories(directory);
		Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
		try {
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
					StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
				writeFully(channel, content);
				channel.force(true);
			}
			this.rename.move(temporary, target);
		}
		catch (IOException | RuntimeException ex) {
			// A failure we live through cleans up; a crash leaves the temporary file,
			// which nobody reads and the next write truncates.
			try {
				Files.deleteIfExists(temporary);
			}
			catch (IOException cleanup) {
				ex.addSuppressed(cleanup);
			}
			throw ex;
		}
		forceDirectory(directory);
	}

	/**
	 * Append to a file, creating it if needed, and force the content to disk before
	 * returning.
	 * @param target the file
	 * @param content what to append
	 * @throws IOException when the write or the force fails
	 */
	void append(Path target, byte[] content) throws IOException {
		Path directory = directoryOf(target);
		Files.createDirectories(directory);
		boolean created = Files.notExists(target);
		try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.APPEND)) {
			writeFully(channel, content);
			channel.force(true);
		}
		if (created) {
			forceDirectory(directory);
		}
	}

	/**
	 * Move a file that cannot be used out of the way, keeping it for a post-mortem under
	 * {@code <name>.bad-<UTC time>}.
	 * @param file the file
	 * @param now the time to name it by
	 * @return where it went
	 * @throws IOException when it cannot be moved, or is not there
	 */
	Path moveAside(Path file, Instant now) throws IOException {
		if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
			// Say so plainly when the failure was not the file's but its directory's.
			throw new NoSuchFileException(file.toString(), null, "nothing there to move aside");
		}
		String base = file.getFileName() + ".bad-" + ASIDE_STAMP.format(now);
		Path aside = file.resolveSibling(base);
		// Two bad files within a second must not overwrite each other's evidence.
		for (int i = 2; Files.exists(aside); i++) {
			aside = file.resolveSibling(base + "-" + i);
		}
		Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
		forceDirectory(directoryOf(file));
		return aside;
	}

	private static Path directoryOf(Path file) {
		return file.toAbsolutePath().getParent();
	}

	private static void writeFully(FileChannel channel, byte[] content) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(content);
		while (buffer.hasRemaining()) {
			channel.write(buffer);
		}
	}

	private static void forceDirectory(Path directory) throws IOException {
		FileChannel channel;
		try {
			channel = FileChannel.open(directory, StandardOpenOption.READ);
		}
		catch (IOException ex) {
			// Windows, for one, cannot open a directory; there the rename is as durable
			// as the file system makes it.
			return;
		}
		try (channel) {
			channel.force(true);
		}
	}

	/**
	 * Moves the temporary file over the target, atomically and replacing it.
	 */
	@FunctionalInterface
	interface Rename {

		void move(Path source, Path target) throws IOException;

	}

}
