package dev.tandem.session.snapshot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The append-only snapshot file: a magic header, then records of
 * {@code [payload length][CRC32C of the payload][payload]}. Appends are one write and one
 * fsync per batch; a file is replaced by writing a new one beside it, syncing it and
 * renaming it over the old one, so a crash leaves either file whole. Reading stops at the
 * first record that is cut short or fails its CRC and keeps everything before it.
 */
final class SnapshotFile implements Closeable {

	static final String NAME = "sessions.snapshot";

	/** Length, CRC, kind, expiry, id length and value length. */
	static final int RECORD_OVERHEAD = 4 + 4 + 1 + 8 + 2 + 4;

	private static final byte[] MAGIC = "TNDSNAP1".getBytes(StandardCharsets.US_ASCII);

	// Far above any real session; a length beyond it is a torn or corrupt record.
	private static final int MAX_PAYLOAD = 64 * 1024 * 1024;

	private static final byte PUT = 1;

	private static final byte REMOVE = 2;

	private final Path path;

	private final FileChannel channel;

	private SnapshotFile(Path path, FileChannel channel) {
		this.path = path;
		this.channel = channel;
	}

	/**
	 * Reads the snapshot file in a directory; a missing file reads as empty.
	 * @param dir the directory
	 * @return the live sessions of the good prefix, and what stopped the reading, if
	 * anything
	 * @throws IOException if the file cannot be read at all
	 */
	static Loaded load(Path dir) throws IOException {
		Path path = dir.resolve(NAME);
		Map<String, SnapshotRecord> live = new LinkedHashMap<>();
		long size;
		try {
			size = Files.size(path);
		}
		catch (NoSuchFileException ex) {
			return new Loaded(live, 0, 0, null);
		}
		try (DataInputStream in = new DataInputStream(Files.newInputStream(path))) {
			byte[] magic = new byte[MAGIC.length];
			if (in.readNBytes(magic, 0, magic.length) != magic.length || !Arrays.equals(magic, MAGIC)) {
				return new Loaded(live, 0, size, "it does not start with the snapshot header");
			}
			long good = MAGIC.length;
			while (good < size) {
				long left = size - good;
				int length = (left >= 8) ? in.readInt() : -1;
				int crc = (left >= 8) ? in.readInt() : 0;
				String problem = (left < 8 || (length >= 0 && left - 8 < length)) ? "a record is cut short"
						: readRecord(in, length, crc, live);
				if (problem != null) {
					return new Loaded(live, good, size, problem + " at byte " + good);
				}
				good += 8 + length;
			}
			return new Loaded(live, good, size, null);
		}
	}

	private static String readRecord(DataInputStream in, int length, int crc, Map<String, SnapshotRecord> live)
			throws IOException {
		if (length < RECORD_OVERHEAD - 8 || length > MAX_PAYLOAD) {
			return "a record has an impossible length " + length;
		}
		byte[] payload = in.readNBytes(length);
		if (payload.length != length) {
			return "a record is cut short";
		}
		CRC32C check = new CRC32C();
		check.update(payload);
		if ((int) check.getValue() != crc) {
			return "a record fails its CRC";
		}
		try {
			SnapshotRecord record = decode(payload);
			if (record.isRemoval()) {
				live.remove(record.id());
			}
			else {
				live.put(record.id(), record);
			}
			return null;
		}
		catch (IOException | RuntimeException ex) {
			return "a record cannot be decoded";
		}
	}

	private static SnapshotRecord decode(byte[] payload) throws IOException {
		DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
		byte kind = in.readByte();
		long expiresAt = in.readLong();
		String id = in.readUTF();
		int valueLength = in.readInt();
		if (kind == REMOVE) {
			return SnapshotRecord.removal(id);
		}
		if (kind != PUT || valueLength < 0 || valueLength > in.available()) {
			throw new EOFException();
		}
		return new SnapshotRecord(id, expiresAt, in.readNBytes(valueLength));
	}

	/**
	 * Replaces the snapshot file in a directory by one holding exactly these records, and
	 * opens it for appending: written beside it, synced, renamed over it, the directory
	 * synced.
	 * @param dir the directory, created if missing
	 * @param records the live records
	 * @return the new file, open for appending
	 * @throws IOException if it cannot be written
	 */
	static SnapshotFile rewrite(Path dir, Collection<SnapshotRecord> records) throws IOException {
		Files.createDirectories(dir);
		Path path = dir.resolve(NAME);
		Path next = dir.resolve(NAME + ".next");
		try (FileChannel out = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING)) {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			bytes.write(MAGIC);
			for (SnapshotRecord record : records) {
				bytes.write(encode(record));
			}
			writeFully(out, ByteBuffer.wrap(bytes.toByteArray()));
			out.force(true);
		}
		Files.move(next, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		syncDirectory(dir);
		FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
		return new SnapshotFile(path, channel);
	}

	/**
	 * Appends a batch with one write, then syncs it to the disk.
	 * @param batch the records
	 * @throws IOException if the disk refuses
	 */
	void append(List<SnapshotRecord> batch) throws IOException {
		if (batch.isEmpty()) {
			return;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (SnapshotRecord record : batch) {
			bytes.write(encode(record));
		}
		writeFully(this.channel, ByteBuffer.wrap(bytes.toByteArray()));
		// Data only: the file's size is metadata, but a record past the synced size is
		// seen as a torn tail, which reading already handles.
		this.channel.force(false);
	}

	long size() throws IOException {
		return this.channel.size();
	}

	Path path() {
		return this.path;
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

	static byte[] encode(SnapshotRecord record) throws IOException {
		ByteArrayOutputStream payload = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(payload);
		out.writeByte(record.isRemoval() ? REMOVE : PUT);
		out.writeLong(record.expiresAt());
		out.writeUTF(record.id());
		byte[] value = record.isRemoval() ? new byte[0] : record.value();
		out.writeInt(value.length);
		out.write(value);
		out.flush();
		byte[] body = payload.toByteArray();
		CRC32C crc = new CRC32C();
		crc.update(body);
		ByteBuffer framed = ByteBuffer.allocate(8 + body.length);
		framed.putInt(body.length).putInt((int) crc.getValue()).put(body);
		return framed.array();
	}

	private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
		while (buffer.hasRemaining()) {
			channel.write(buffer);
		}
	}

	// Makes the rename itself survive a power cut.
	private static void syncDirectory(Path dir) {
		try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
			directory.force(true);
		}
		catch (IOException ex) {
			// Some file systems cannot open a directory; the rename is then as durable as
			// they make it.
		}
	}

	/**
	 * What reading a snapshot file found.
	 *
	 * @param live the sessions of the good prefix, by id, removals applied
	 * @param goodBytes the length of the good prefix
	 * @param totalBytes the file's length
	 * @param problem what stopped the reading before the end, or {@code null}
	 */
	record Loaded(Map<String, SnapshotRecord> live, long goodBytes, long totalBytes, String problem) {

	}

}
