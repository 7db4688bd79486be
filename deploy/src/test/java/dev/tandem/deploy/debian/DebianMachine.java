package dev.tandem.deploy.debian;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.MountableFile;

/**
 * A Debian machine with systemd as its init, in a container, and the two packages copied
 * to {@code /srv/tandem-test/debs}: what a Pi is before {@code apt-get install}. Its base
 * image is {@code TANDEM_DEBIAN_BASE_IMAGE} (or the system property
 * {@code tandem.debian.base-image}), else the container file's public Debian image; its
 * apt sources are the base image's.
 */
final class DebianMachine implements AutoCloseable {

	static final String DEBS = "/srv/tandem-test/debs";

	private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

	private final GenericContainer<?> container;

	private DebianMachine(GenericContainer<?> container) {
		this.container = container;
	}

	static DebianMachine start(Path... debs) {
		GenericContainer<?> container = new GenericContainer<>(image()).withExposedPorts(8080, 9090)
			.waitingFor(Wait.forSuccessfulCommand("systemctl is-system-running | grep -Eq 'running|degraded'")
				.withStartupTimeout(Duration.ofMinutes(2)));
		for (Path deb : debs) {
			container.withCopyFileToContainer(MountableFile.forHostPath(deb), DEBS + "/" + deb.getFileName());
		}
		container.start();
		return new DebianMachine(container);
	}

	/**
	 * Runs a bash script as root; fails the test unless it exits 0. Returns its output.
	 */
	String run(String script) {
		ExecResult result = attempt(script);
		if (result.getExitCode() != 0) {
			throw new AssertionError("Exit status " + result.getExitCode() + " of:\n" + script + "\n--- stdout:\n"
					+ result.getStdout() + "--- stderr:\n" + result.getStderr());
		}
		return result.getStdout() + result.getStderr();
	}

	/** Runs a bash script as root, whatever its exit status. */
	ExecResult attempt(String script) {
		try {
			return this.container.execInContainer("timeout", String.valueOf(COMMAND_TIMEOUT.toSeconds()), "bash", "-c",
					"set -o pipefail\n" + script);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run in the Debian container: " + script, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running: " + script, ex);
		}
	}

	/** A URI on the host for a port of the machine. */
	URI uri(int port, String path) {
		return URI.create("http://" + this.container.getHost() + ":" + this.container.getMappedPort(port) + path);
	}

	@Override
	public void close() {
		this.container.stop();
	}

	private static ImageFromDockerfile image() {
		Path dir = Path.of(required("tandem.container.dir"));
		String containerfile = "debian-systemd.Containerfile";
		ImageFromDockerfile image = new ImageFromDockerfile("localhost/tandem-debian-packages:it", false)
			.withFileFromPath(containerfile, dir.resolve(containerfile))
			.withDockerfilePath(containerfile);
		String base = System.getenv("TANDEM_DEBIAN_BASE_IMAGE");
		if (base == null || base.isBlank()) {
			base = System.getProperty("tandem.debian.base-image");
		}
		if (base != null && !base.isBlank()) {
			image.withBuildArg("BASE_IMAGE", base);
		}
		return image;
	}

	private static String required(String property) {
		String value = System.getProperty(property);
		if (value == null || !new File(value).exists()) {
			throw new IllegalStateException(
					"System property " + property + " must name an existing path (set by the build), but was " + value);
		}
		return value;
	}

}
