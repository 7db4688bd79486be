package dev.tandem.deploy;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * One of Tandem's fat jars running as a real child process, with its output in a log
 * file. Stopping sends SIGTERM (graceful), killing sends SIGKILL; only this process is
 * ever signalled.
 */
public final class JarProcess implements AutoCloseable {

	/**
	 * Several JVMs share two cores in CI: small heaps and the serial collector keep them
	 * light, and the C1 compiler alone starts them sooner (these tests measure restarts,
	 * not throughput).
	 */
	static final List<String> JVM_OPTIONS = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
			"-XX:TieredStopAtLevel=1");

	private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private final String name;

	private final Process process;

	private final Path log;

	private final URI readiness;

	/** {@link System#nanoTime()} just before the process was started. */
	private final long startedNanos;

	private JarProcess(String name, Process process, Path log, URI readiness, long startedNanos) {
		this.name = name;
		this.process = process;
		this.log = log;
		this.readiness = readiness;
		this.startedNanos = startedNanos;
	}

	/**
	 * Start a jar from the system property that names it (set by the build), with the
	 * given arguments.
	 */
	static JarProcess start(String name, String jarProperty, URI readiness, List<String> args) throws IOException {
		return start(name, jarProperty, readiness, List.of(), args);
	}

	/**
	 * Start a jar with extra JVM options (such as {@code -Dname=value}) before
	 * {@code -jar}.
	 */
	static JarProcess start(String name, String jarProperty, URI readiness, List<String> jvmOptions, List<String> args)
			throws IOException {
		return startJar(name, jar(jarProperty), readiness, jvmOptions, Map.of(), args);
	}

	/**
	 * Start a jar with extra environment variables (such as a gateway's admin user, kept
	 * off the command line).
	 */
	public static JarProcess start(String name, String jarProperty, URI readiness, Map<String, String> environment,
			List<String> args) throws IOException {
		return startJar(name, jar(jarProperty), readiness, List.of(), environment, args);
	}

	private static Path jar(String jarProperty) {
		String jar = System.getProperty(jarProperty);
		if (jar == null || !new File(jar).isFile()) {
			throw new IllegalStateException(
					"System property " + jarProperty + " must name a built jar (run ./mvnw verify), but was " + jar);
		}
		return Path.of(jar);
	}

	/** Start the jar at the given path, with {@link #JVM_OPTIONS} and then jvmOptions. */
	static JarProcess startJar(String name, Path jar, URI readiness, List<String> jvmOptions, List<String> args)
			throws IOException {
		return startJar(name, jar, readiness, jvmOptions, Map.of(), args);
	}

	/**
	 * Start the jar at the given path, with {@link #JVM_OPTIONS} and then jvmOptions, and
	 * the test JVM's environment plus the given one.
	 */
	static JarProcess startJar(String name, Path jar, URI readiness, List<String> jvmOptions,
			Map<String, String> environment, List<String> args) throws IOException {
		return startJar(name, List.of(java()), jar, readiness, jvmOptions, environment, args);
	}

	/**
	 * Start a jar from the system property that names it, on another JVM than the tests'
	 * own: javaCommand is how to run that JVM's {@code java} (an emulator, say, followed
	 * by the path of its {@code java}); {@link #JVM_OPTIONS}, then jvmOptions (of two
	 * equal options the later wins), then the arguments follow it.
	 */
	public static JarProcess start(String name, List<String> javaCommand, String jarProperty, URI readiness,
			List<String> jvmOptions, Map<String, String> environment, List<String> args) throws IOException {
		return startJar(name, javaCommand, jar(jarProperty), readiness, jvmOptions, environment, args);
	}

	private static JarProcess startJar(String name, List<String> javaCommand, Path jar, URI readiness,
			List<String> jvmOptions, Map<String, String> environment, List<String> args) throws IOException {
		Path logs = Path.of("target", "e2e-logs");
		Files.createDirectories(logs);
		Path log = logs.resolve(name + ".log");
		List<String> command = new ArrayList<>();
		command.addAll(javaCommand);
		command.addAll(JVM_OPTIONS);
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar.toString()));
		command.addAll(args);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		long startedNanos = System.nanoTime();
		Process process = builder.start();
		return new JarProcess(name, process, log, readiness, startedNanos);
	}

	/** The java command of the JVM running the tests. */
	static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	public String name() {
		return this.name;
	}

	/**
	 * Wait until the readiness endpoint answers UP, failing fast if the process dies.
	 * @param timeout longest wait
	 * @return how long after its start the process was first seen ready (to within the
	 * quarter of a second between two looks)
	 */
	public Duration awaitReady(Duration timeout) {
		await(this.name + " ready").atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						this.name + " exited with " + this.process.exitValue() + ":\n" + tail());
			}
			return isReady();
		});
		return Duration.ofNanos(System.nanoTime() - this.startedNanos);
	}

	private boolean isReady() {
		try {
			HttpResponse<String> response = PROBE.send(
					HttpRequest.newBuilder(this.readiness).timeout(Duration.ofSeconds(2)).build(),
					HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 && response.body().contains("\"UP\"");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** SIGKILL: the process gets no chance to hand anything off. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	/**
	 * SIGTERM, as systemd sends it, then wait for the process to exit.
	 * @param timeout longest wait; a process still alive then is killed and this fails
	 * @return how long the process took to exit
	 */
	Duration stop(Duration timeout) throws InterruptedException {
		long start = System.nanoTime();
		this.process.destroy();
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			kill();
			throw new IllegalStateException(this.name + " was still running " + timeout.toSeconds()
					+ " s after SIGTERM and was killed:\n" + tail());
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * The exit status, once the process has ended by itself or been stopped.
	 * @return the exit status, or empty while the process runs
	 */
	OptionalInt exitCode() {
		return this.process.isAlive() ? OptionalInt.empty() : OptionalInt.of(this.process.exitValue());
	}

	/** The operating system's process id. */
	long pid() {
		return this.process.pid();
	}

	/** The file the process writes its output to. */
	public Path log() {
		return this.log;
	}

	public String tail() {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	/** SIGTERM, then SIGKILL if the process has not stopped within 30 s. */
	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				kill();
			}
		}
	}

}
