package dev.tandem.deploy.arm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's openjdk-17-jre-headless for one ARM architecture, unpacked into a root
 * filesystem by {@code deploy/arm/jre-rootfs.sh} and run by QEMU user emulation with that
 * folder as the emulated program's library root ({@code -L}).
 */
final class ArmJre {

	/** Downloading and unpacking about 120 packages; 20 s here with a near mirror. */
	private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);

	private final Arch arch;

	private final Path root;

	private final Duration preparation;

	private ArmJre(Arch arch, Path root, Duration preparation) {
		this.arch = arch;
		this.root = root;
		this.preparation = preparation;
	}

	/**
	 * Make (or reuse) the root filesystem for the architecture under the given folder,
	 * with the script in {@code deploy/arm}.
	 * @param arch the architecture
	 * @param script {@code jre-rootfs.sh}
	 * @param folder where the root filesystems and the cache of downloaded packages go
	 * @return the JRE, ready to run
	 */
	static ArmJre prepare(Arch arch, Path script, Path folder) throws IOException, InterruptedException {
		Path root = folder.resolve(arch.debian()).toAbsolutePath();
		Path debs = folder.resolve("debs").toAbsolutePath();
		Path log = folder.resolve("jre-rootfs-" + arch.debian() + ".log");
		Files.createDirectories(folder);
		long start = System.nanoTime();
		Process process = new ProcessBuilder("bash", script.toString(), arch.debian(), root.toString(), debs.toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		if (!process.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException(script + " " + arch + " did not finish within " + BUILD_TIMEOUT.toMinutes()
					+ " min; its output is in " + log);
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException(script + " " + arch + " failed:\n" + tail(log));
		}
		return new ArmJre(arch, root, Duration.ofNanos(System.nanoTime() - start));
	}

	private static String tail(Path log) throws IOException {
		List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
	}

	/** The ARM {@code java} executable inside the root filesystem. */
	Path java() {
		return this.root.resolve("usr/lib/jvm/java-17-openjdk-" + this.arch.debian() + "/bin/java");
	}

	/**
	 * The command that runs this JVM's {@code java}: the emulator, its root, the path.
	 */
	List<String> javaCommand() {
		return List.of(this.arch.emulator(), "-L", this.root.toString(), java().toString());
	}

	/** How long making or finding the root filesystem took. */
	Duration preparation() {
		return this.preparation;
	}

	/**
	 * Unmount the tmpfs the script mounted for armhf, so that no mount is left in the
	 * build folder ({@code mvn clean} could not delete it); arm64's stays on disk, for
	 * the next run.
	 */
	void release() throws IOException, InterruptedException {
		if (this.arch == Arch.ARMHF) {
			Process umount = new ProcessBuilder("umount", this.root.toString()).inheritIO().start();
			if (!umount.waitFor(30, TimeUnit.SECONDS) || umount.exitValue() != 0) {
				throw new IllegalStateException("umount " + this.root + " failed: unmount it by hand");
			}
		}
	}

}
