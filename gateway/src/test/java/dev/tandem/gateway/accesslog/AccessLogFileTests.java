package dev.tandem.gateway.accesslog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class AccessLogFileTests {

	@TempDir
	Path folder;

	@Test
	void shouldRollOverBySizeAndKeepOnlyMaxHistoryRolledFiles() throws IOException {
		Path log = this.folder.resolve("logs/access.log");
		// The size checked before every line, so the test needs no clock.
		AccessLogFile file = new AccessLogFile(log, DataSize.ofKilobytes(1), 3, Duration.ZERO);
		List<String> written = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			String line = String.format("%05d %s", i, "x".repeat(94));
			written.add(line);
			file.write(line);
		}

		file.close();

		assertThat(files()).containsExactly("access.log", "access.log.1", "access.log.2", "access.log.3");
		List<String> kept = new ArrayList<>();
		for (String name : List.of("access.log.3", "access.log.2", "access.log.1", "access.log")) {
			Path each = log.resolveSibling(name);
			// A file rolls over once what reached the disk has reached the size: beyond
			// it by
			// at most the write buffer (8 KB) and a line.
			assertThat(Files.size(each)).isLessThan(1024 + 8192 + 101);
			kept.addAll(Files.readAllLines(each));
		}
		// The newest lines, in order, none lost between the files.
		assertThat(kept).isNotEmpty().isEqualTo(written.subList(written.size() - kept.size(), written.size()));
		assertThat(kept.size()).isGreaterThanOrEqualTo(3 * 10).isLessThan(written.size());
		assertThat(file.dropped()).isZero();
	}

	@Test
	void shouldAppendToAnExistingFile() throws IOException {
		Path log = this.folder.resolve("access.log");
		Files.writeString(log, "earlier\n");
		AccessLogFile file = new AccessLogFile(log, DataSize.ofMegabytes(1), 1, Duration.ZERO);

		file.write("later");
		file.close();

		assertThat(Files.readAllLines(log)).containsExactly("earlier", "later");
	}

	@Test
	void shouldFailNamingThePropertyWhenTheFileCannotBeOpened() {
		Path folderInTheWay = this.folder;

		assertThatIllegalStateException()
			.isThrownBy(() -> new AccessLogFile(folderInTheWay, DataSize.ofMegabytes(1), 1, Duration.ZERO))
			.withMessageStartingWith(
					"tandem.gateway.access-log.path: the access log " + folderInTheWay + " cannot be opened");
	}

	private List<String> files() throws IOException {
		try (Stream<Path> files = Files.list(this.folder.resolve("logs"))) {
			return files.map((each) -> each.getFileName().toString()).sorted().toList();
		}
	}

}
