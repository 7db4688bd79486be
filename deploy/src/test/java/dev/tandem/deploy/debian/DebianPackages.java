package dev.tandem.deploy.debian;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The {@code .deb} files {@code ./mvnw package} built: the newest
 * {@code tandem-<module>_<version>_all.deb} in the module's target folder, whose path the
 * build passes as the system property {@code tandem.<module>.debs}. The build deletes the
 * one before, but a package copied there by hand may lie beside it.
 */
final class DebianPackages {

	private DebianPackages() {
	}

	static Path gateway() {
		return newest("gateway");
	}

	static Path wasNode() {
		return newest("was-node");
	}

	private static Path newest(String module) {
		String property = "tandem." + module + ".debs";
		String folder = System.getProperty(property);
		if (folder == null) {
			throw new IllegalStateException("System property " + property + " is not set (the build sets it)");
		}
		String prefix = "tandem-" + module + "_";
		try (Stream<Path> files = Files.list(Path.of(folder))) {
			return files
				.filter((file) -> file.getFileName().toString().startsWith(prefix)
						&& file.getFileName().toString().endsWith("_all.deb"))
				.max(Comparator.comparing(DebianPackages::modified))
				.orElseThrow(() -> new IllegalStateException(
						"No " + prefix + "*_all.deb in " + folder + ": package it first (./mvnw package)"));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot list " + folder + ": package it first (./mvnw package)", ex);
		}
	}

	private static FileTime modified(Path file) {
		try {
			return Files.getLastModifiedTime(file);
		}
		catch (IOException ex) {
			return FileTime.fromMillis(0);
		}
	}

}
