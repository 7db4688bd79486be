package dev.tandem.session.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.tandem.session.snapshot.SnapshotFileTests.record;
import static dev.tandem.session.snapshot.SnapshotFileTests.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the writer puts on disk: one append per flush, compaction to the live sessions,
 * the size limit and a full queue.
 */
class SnapshotWriterTests {

	private static final long NOW = 2000;

	@TempDir
	Path dir;

	@Test
	void shouldWriteNothingUntilAFlushAndEverythingQueuedAtTheFlush() throws IOException {
		try (SnapshotWriter writer = new SnapshotWriter(this.dir, List.of(), 1024 * 1024, 100)) {
			long empty = writer.fileSize();
			writer.offer(record("a", "1001"));
			writer.offer(record("b", "1002"));

			assertThat(Files.size(file())).isEqualTo(empty);
			assertThat(writer.flush(NOW)).isEqualTo(2);
		}

		assertThat(SnapshotFile.load(this.dir).live().keySet()).containsExactly("a", "b");
	}

	@Test
	void shouldStartFromTheInitialSessionsAlone() throws IOException {
		try (SnapshotFile file = SnapshotFile.rewrite(this.dir, List.of(record("old", "1001")))) {
			file.append(List.of(record("older", "1002")));
		}

		new SnapshotWriter(this.dir, List.of(record("kept", "1003")), 1024 * 1024, 100).close();

		assertThat(SnapshotFile.load(this.dir).live().keySet()).containsExactly("kept");
	}

	@Test
	void shouldCompactToTheLiveUnexpiredSessionsWhenTheFileOutgrowsThem() throws IOException {
		long maxSize = 64 * 1024;
		try (SnapshotWriter writer = new SnapshotWriter(this.dir, List.of(), maxSize, 1000)) {
			// Expires at 1000 + 500, before NOW.
			writer.offer(record("expired", "500"));
			writer.flush(NOW);
			// One session rewritten over and over: the file grows, the live size does
			// not.
			long largest = 0;
			for (int i = 0; i < 400; i++) {
				writer.offer(record("busy", Integer.toString(5000 + i)));
				writer.flush(NOW);
				largest = Math.max(largest, writer.fileSize());
			}

			assertThat(largest).isLessThanOrEqualTo(maxSize);
			assertThat(writer.fileSize()).isLessThan(maxSize / 8 + 100);
		}

		SnapshotFile.Loaded loaded = SnapshotFile.load(this.dir);
		assertThat(loaded.problem()).isNull();
		assertThat(loaded.live().keySet()).containsExactly("busy");
		assertThat(value(loaded, "busy")).isEqualTo("5399");
	}

	@Test
	void shouldLeaveOutSessionsBeyondTheSizeLimitAndReportTheCopyIncomplete() throws IOException {
		long maxSize = 64 * 1024;
		byte[] big = new byte[20 * 1024];
		try (SnapshotWriter writer = new SnapshotWriter(this.dir, List.of(), maxSize, 100)) {
			for (String id : List.of("s1", "s2", "s3", "s4")) {
				writer.offer(new SnapshotRecord(id, Long.MAX_VALUE, big));
			}
			writer.flush(NOW);

			assertThat(writer.isIncomplete()).isTrue();
			assertThat(writer.fileSize()).isLessThanOrEqualTo(maxSize);
		}

		assertThat(SnapshotFile.load(this.dir).live().keySet()).containsExactly("s1", "s2", "s3");
	}

	@Test
	void shouldDropAStaleCopyThatCanNoLongerBeUpdatedWithinTheLimit() throws IOException {
		long maxSize = 64 * 1024;
		try (SnapshotWriter writer = new SnapshotWriter(this.dir, List.of(), maxSize, 100)) {
			writer.offer(new SnapshotRecord("grows", Long.MAX_VALUE, new byte[1024]));
			writer.flush(NOW);
			writer.offer(new SnapshotRecord("grows", Long.MAX_VALUE, new byte[70 * 1024]));
			writer.flush(NOW);
		}

		assertThat(SnapshotFile.load(this.dir).live()).isEmpty();
	}

	@Test
	void shouldRefuseChangesBeyondTheQueueInsteadOfWaiting() throws IOException {
		try (SnapshotWriter writer = new SnapshotWriter(this.dir, List.of(), 1024 * 1024, 2)) {
			assertThat(writer.offer(record("a", "1001"))).isTrue();
			assertThat(writer.offer(record("b", "1002"))).isTrue();
			assertThat(writer.offer(record("c", "1003"))).isFalse();
			assertThat(writer.isIncomplete()).isTrue();
			writer.flush(NOW);
		}

		assertThat(SnapshotFile.load(this.dir).live().keySet()).containsExactly("a", "b");
	}

	private Path file() {
		return this.dir.resolve(SnapshotFile.NAME);
	}

}
