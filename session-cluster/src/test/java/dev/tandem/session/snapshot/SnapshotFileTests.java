package dev.tandem.session.snapshot;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snapshot file's format: what reading gives back after appends, a torn tail and a
 * damaged record in the middle.
 */
class SnapshotFileTests {

	@TempDir
	Path dir;

	@Test
	void shouldReadBackAppendedRecordsWithRemovalsApplied() throws IOException {
		try (SnapshotFile file = SnapshotFile.rewrite(this.dir, List.of(record("a", "1")))) {
			file.append(List.of(record("b", "2"), record("a", "3")));
			file.append(List.of(SnapshotRecord.removal("b"), record("c", "4")));
		}

		SnapshotFile.Loaded loaded = SnapshotFile.load(this.dir);

		assertThat(loaded.problem()).isNull();
		assertThat(loaded.goodBytes()).isEqualTo(loaded.totalBytes())
			.isEqualTo(Files.size(this.dir.resolve(SnapshotFile.NAME)));
		assertThat(loaded.live().keySet()).containsExactly("a", "c");
		assertThat(value(loaded, "a")).isEqualTo("3");
		assertThat(loaded.live().get("a").expiresAt()).isEqualTo(1003);
	}

	@Test
	void shouldReadAMissingFileAsEmpty() throws IOException {
		SnapshotFile.Loaded loaded = SnapshotFile.load(this.dir);

		assertThat(loaded.live()).isEmpty();
		assertThat(loaded.problem()).isNull();
	}

	@Test
	void shouldKeepEveryWholeRecordBeforeATornTail() throws IOException {
		long beforeLast;
		try (SnapshotFile file = SnapshotFile.rewrite(this.dir, List.of())) {
			file.append(List.of(record("a", "1"), record("b", "2")));
			beforeLast = file.size();
			file.append(List.of(record("c", "3")));
		}
		Path path = this.dir.resolve(SnapshotFile.NAME);
		// The power went while the last record was half written.
		truncate(path, Files.size(path) - 5);

		SnapshotFile.Loaded loaded = SnapshotFile.load(this.dir);

		assertThat(loaded.live().keySet()).containsExactly("a", "b");
		assertThat(loaded.goodBytes()).isEqualTo(beforeLast);
		assertThat(loaded.problem()).isEqualTo("a record is cut short at byte " + beforeLast);
	}

	@Test
	void shouldKeepTheGoodPrefixBeforeARecordThatFailsItsCrc() throws IOException {
		long secondStart;
		try (SnapshotFile file = SnapshotFile.rewrite(this.dir, List.of())) {
			file.append(List.of(record("a", "1")));
			secondStart = file.size();
			file.append(List.of(record("b", "2")));
			file.append(List.of(record("c", "3")));
		}
		Path path = this.dir.resolve(SnapshotFile.NAME);
		// One flipped bit in the value of the middle record.
		flipLastByteOf(path, secondStart + SnapshotFile.encode(record("b", "2")).length - 1);

		SnapshotFile.Loaded loaded = SnapshotFile.load(this.dir);

		assertThat(loaded.live().keySet()).containsExactly("a");
		assertThat(loaded.goodBytes()).isEqualTo(secondStart);
		assertThat(loaded.totalBytes()).isEqualTo(Files.size(path));
		assertThat(loaded.problem()).isEqualTo("a record fails its CRC at byte " + secondStart);
	}

	@Test
	void shouldReportAFileWithoutTheHeaderAndUseNothingOfIt() throws IOException {
		Files.writeString(this.dir.resolve(SnapshotFile.NAME), "not a snapshot at all");

		SnapshotFile.Loaded loaded = SnapshotFile.load(this.dir);

		assertThat(loaded.live()).isEmpty();
		assertThat(loaded.goodBytes()).isZero();
		assertThat(loaded.problem()).isEqualTo("it does not start with the snapshot header");
	}

	@Test
	void shouldReplaceTheFileWholeOnRewrite() throws IOException {
		try (SnapshotFile file = SnapshotFile.rewrite(this.dir, List.of(record("a", "1"), record("b", "2")))) {
			file.append(List.of(record("c", "3")));
		}
		SnapshotFile.rewrite(this.dir, List.of(record("z", "9"))).close();

		SnapshotFile.Loaded loaded = SnapshotFile.load(this.dir);

		assertThat(loaded.live().keySet()).containsExactly("z");
		try (var files = Files.list(this.dir)) {
			assertThat(files.map((file) -> file.getFileName().toString())).containsExactly(SnapshotFile.NAME);
		}
	}

	static SnapshotRecord record(String id, String value) {
		return new SnapshotRecord(id, 1000 + Long.parseLong(value), value.getBytes(StandardCharsets.UTF_8));
	}

	static String value(SnapshotFile.Loaded loaded, String id) {
		return new String(loaded.live().get(id).value(), StandardCharsets.UTF_8);
	}

	private static void truncate(Path path, long length) throws IOException {
		try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
			file.setLength(length);
		}
	}

	private static void flipLastByteOf(Path path, long position) throws IOException {
		try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
			file.seek(position);
			int value = file.read();
			file.seek(position);
			file.write(value ^ 0x01);
		}
	}

}
