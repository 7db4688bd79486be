package dev.tandem.gateway.balancing.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core stays plain Java: no source file of its package may import Spring or Reactor,
 * so it can be reasoned about, tested and benchmarked alone.
 */
class CorePackageDependencyTests {

	private static final Path SOURCES = Path.of("src/main/java/dev/tandem/gateway/balancing/core");

	private static final Pattern FORBIDDEN = Pattern
		.compile("^\\s*import\\s+(static\\s+)?(org\\.springframework|reactor)\\.", Pattern.MULTILINE);

	@Test
	void shouldImportNeitherSpringNorReactor() throws IOException {
		List<Path> sources;
		try (Stream<Path> files = Files.list(SOURCES)) {
			sources = files.filter((file) -> file.toString().endsWith(".java")).toList();
		}

		assertThat(sources).as("sources of %s", SOURCES).hasSizeGreaterThan(10);
		for (Path source : sources) {
			assertThat(FORBIDDEN.matcher(Files.readString(source)).find()).as(source.toString()).isFalse();
		}
	}

}
