package dev.tandem.deploy.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The compose command of this machine: Docker's plugin ({@code docker compose}) or the
 * stand-alone {@code docker-compose} (Debian's package, 1.29). podman-compose 1.0.3 has
 * no {@code config} command, so it cannot check a file.
 *
 * @param command the words that start it
 */
record ComposeTool(List<String> command) {

	/** Long enough for {@code up --build} of both images on a loaded machine. */
	static final long TIMEOUT_SECONDS = 300;

	private static final List<List<String>> CANDIDATES = List.of(List.of("docker", "compose"),
			List.of("docker-compose"));

	/** The first candidate whose {@code version} command succeeds. */
	static Optional<ComposeTool> find() {
		for (List<String> candidate : CANDIDATES) {
			List<String> version = new ArrayList<>(candidate);
			version.add("version");
			try {
				if (run(version, Path.of("."), Map.of()).exitCode() == 0) {
					return Optional.of(new ComposeTool(candidate));
				}
			}
			catch (IOException ex) {
				// Not installed: try the next one.
			}
		}
		return Optional.empty();
	}

	/**
	 * {@code config} on the files, in this folder, with exactly these variables set for
	 * compose (besides PATH and HOME): what the tool made of them.
	 */
	Result config(Path directory, Map<String, String> variables, String... files) throws IOException {
		return run(directory, variables, List.of(files), "config");
	}

	/**
	 * Any compose command on the files, e.g. {@code up -d}, with exactly these variables
	 * set (besides PATH and HOME), ended if it takes longer than
	 * {@value #TIMEOUT_SECONDS} seconds.
	 */
	Result run(Path directory, Map<String, String> variables, List<String> files, String... arguments)
			throws IOException {
		List<String> command = new ArrayList<>(this.command);
		for (String file : files) {
			command.add("-f");
			command.add(file);
		}
		command.addAll(List.of(arguments));
		return run(command, directory, variables);
	}

	private static Result run(List<String> command, Path directory, Map<String, String> variables) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
		Map<String, String> environment = builder.environment();
		// The caller's variables only: nothing from the test's own environment may fill a
		// ${...} the test means to leave unset.
		environment.keySet().removeIf((name) -> !name.equals("PATH") && !name.equals("HOME"));
		environment.putAll(variables);
		Path stdout = Files.createTempFile("compose", ".out");
		Path stderr = Files.createTempFile("compose", ".err");
		builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
		Process process = builder.start();
		try {
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IOException(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
			}
			return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			throw new IOException("interrupted", ex);
		}
		finally {
			Files.deleteIfExists(stdout);
			Files.deleteIfExists(stderr);
		}
	}

	/**
	 * What one run printed and how it ended.
	 *
	 * @param exitCode its exit code
	 * @param stdout its standard output
	 * @param stderr its error output
	 */
	record Result(int exitCode, String stdout, String stderr) {

	}

}
