package dev.tandem.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/systemd/tandem-cds.sh}, which the systemd units run before every start,
 * with the training arguments written in those units: it extracts a jar and records its
 * class data sharing archive once, and the jar then starts from that archive. The JVMs
 * here start with {@code -Xshare:on}, which refuses to start when the archive cannot be
 * used, so a start proves the archive is used.
 */
class ClassDataSharingIT {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private static final Path SYSTEMD = Path.of(System.getProperty("tandem.systemd.dir", "systemd"));

	private static final String JAVA_OPTS = String.join(" ", JarProcess.JVM_OPTIONS);

	private final FreePorts ports = new FreePorts();

	@TempDir
	Path work;

	@Test
	void wasNodeStartsFromItsArchiveAndTheTrainingRunStaysOutOfTheRealCluster() throws Exception {
		int http = this.ports.next();
		int hazelcast = this.ports.next();
		String members = "127.0.0.1:" + hazelcast;
		try (JarProcess cluster = JarProcess.start("cds-cluster", "tandem.was-node.jar", readiness(http),
				List.of("--server.port=" + http, "--tandem.node.id=real", "--tandem.node.cluster.port=" + hazelcast,
						"--tandem.node.cluster.members=" + members, "--tandem.node.cluster.interface=127.0.0.1"))) {
			cluster.awaitReady(START_TIMEOUT);
			Path dir = this.work.resolve("was-node");
			// The env file names the real cluster, as on a Pi; the unit's arguments win.
			Run prepared = prepare("tandem.was-node.jar", dir, "tandem-was-node.service",
					Map.of("TANDEM_NODE_CLUSTER_MEMBERS", members, "JAVA_OPTS", JAVA_OPTS));

			assertThat(prepared.output()).contains("recorded " + dir.resolve("app.jsa"));
			String training = Files.readString(dir.resolve("training.log"));
			assertThat(training).contains("Members {size:1").contains("tandem-cds-training");
			assertThat(cluster.tail()).doesNotContain("Members {size:2");

			int port = this.ports.next();
			int ownHazelcast = this.ports.next();
			try (JarProcess node = JarProcess.startJar("cds-was-node", dir.resolve("was-node.jar"), readiness(port),
					sharing(dir),
					List.of("--server.port=" + port, "--tandem.node.id=shared",
							"--tandem.node.cluster.port=" + ownHazelcast,
							"--tandem.node.cluster.members=127.0.0.1:" + ownHazelcast,
							"--tandem.node.cluster.interface=127.0.0.1"))) {
				node.awaitReady(START_TIMEOUT);
				assertThat(get(URI.create("http://127.0.0.1:" + port + "/hello"))).contains("shared");
			}
		}
	}

	@Test
	void gatewayArchiveIsRecordedOncePerJarJavaAndOptions() throws Exception {
		Path dir = this.work.resolve("gateway");
		// The unit gives the gateway a state directory of its own; so does this test.
		Path state = this.work.resolve("gateway-state");
		Map<String, String> env = Map.of("TANDEM_GATEWAY_MEMBERS_0_ID", "a", "TANDEM_GATEWAY_MEMBERS_0_URI",
				"http://127.0.0.1:9", "TANDEM_GATEWAY_ADMIN_STATE_DIR", state.toString(), "JAVA_OPTS", JAVA_OPTS);
		Path archive = dir.resolve("app.jsa");

		assertThat(prepare("tandem.gateway.jar", dir, "tandem-gateway.service", env).output())
			.contains("recorded " + archive);
		FileTime recorded = Files.getLastModifiedTime(archive);
		assertThat(prepare("tandem.gateway.jar", dir, "tandem-gateway.service", env).output())
			.contains("is up to date");
		assertThat(Files.getLastModifiedTime(archive)).isEqualTo(recorded);

		int port = this.ports.next();
		int admin = this.ports.next();
		try (JarProcess gateway = JarProcess.startJar("cds-gateway", dir.resolve("gateway.jar"), readiness(admin),
				sharing(dir),
				List.of("--server.port=" + port, "--management.server.port=" + admin,
						"--tandem.gateway.admin.state-dir=" + state, "--tandem.gateway.members[0].id=a",
						"--tandem.gateway.members[0].uri=http://127.0.0.1:9"))) {
			gateway.awaitReady(START_TIMEOUT);
		}

		// Other JVM options make another archive (the JVM would refuse this one).
		Map<String, String> otherOptions = new HashMap<>(env);
		otherOptions.put("JAVA_OPTS", JAVA_OPTS + " -Xss512k");
		assertThat(prepare("tandem.gateway.jar", dir, "tandem-gateway.service", otherOptions).output())
			.contains("recorded " + archive);
	}

	@Test
	void failedTrainingRunLeavesNoArchiveAndDoesNotStopTheStart() throws Exception {
		Path dir = this.work.resolve("unconfigured");
		// No member configured: the gateway refuses to start, and so does its
		// training run.
		Run prepared = prepare("tandem.gateway.jar", dir, "tandem-gateway.service", Map.of("JAVA_OPTS", JAVA_OPTS));

		assertThat(prepared.exitCode()).isZero();
		assertThat(prepared.output()).contains("training run")
			.contains("failed")
			.contains("tandem.gateway.members must list at least one member");
		assertThat(dir.resolve("app.jsa")).doesNotExist();
		assertThat(dir.resolve("gateway.jar")).isRegularFile();
	}

	@Test
	void refusesToWorkInTheJarsOwnFolder() throws Exception {
		Path folder = Files.createDirectories(this.work.resolve("opt"));
		Path jar = Files.copy(Path.of(System.getProperty("tandem.gateway.jar")), folder.resolve("gateway.jar"));
		long size = Files.size(jar);

		Run prepared = prepare(jar, folder, "tandem-gateway.service", Map.of("JAVA_OPTS", JAVA_OPTS));

		assertThat(prepared.exitCode()).isEqualTo(2);
		assertThat(prepared.output()).contains("DIR must not be the folder that holds gateway.jar");
		assertThat(jar).hasSize(size);
		assertThat(folder.resolve("lib")).doesNotExist();
	}

	/**
	 * Run tandem-cds.sh as the unit's ExecStartPre does, with the arguments the unit
	 * gives it after the jar and the directory.
	 */
	private Run prepare(String jarProperty, Path dir, String unit, Map<String, String> env)
			throws IOException, InterruptedException {
		return prepare(Path.of(System.getProperty(jarProperty)), dir, unit, env);
	}

	private Run prepare(Path jar, Path dir, String unit, Map<String, String> env)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of("bash", SYSTEMD.resolve("tandem-cds.sh").toString(), jar.toString(), dir.toString()));
		command.addAll(trainingArguments(unit));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().keySet().removeIf((name) -> name.startsWith("TANDEM_") || name.equals("JAVA_OPTS"));
		builder.environment().putAll(env);
		builder.environment().put("JAVA", JarProcess.java());
		Path output = Files.createTempFile(this.work, "tandem-cds", ".out");
		Process process = builder.redirectOutput(output.toFile()).start();
		if (!process.waitFor(3, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException("tandem-cds.sh still running after 3 minutes");
		}
		return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
	}

	/** The arguments after the jar and the directory in the unit's ExecStartPre line. */
	private static List<String> trainingArguments(String unit) throws IOException {
		String joined = Files.readString(SYSTEMD.resolve(unit)).replace("\\\n", " ");
		String line = joined.lines()
			.filter((candidate) -> candidate.startsWith("ExecStartPre="))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(unit + " has no ExecStartPre line"));
		List<String> words = Arrays.asList(line.substring("ExecStartPre=".length()).trim().split("\\s+"));
		assertThat(words.get(0)).endsWith("/tandem-cds.sh");
		return words.subList(3, words.size());
	}

	private static List<String> sharing(Path dir) {
		return List.of("-Xshare:on", "-XX:SharedArchiveFile=" + dir.resolve("app.jsa"));
	}

	private static URI readiness(int port) {
		return URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
	}

	private static String get(URI uri) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private record Run(int exitCode, String output) {
	}

}
