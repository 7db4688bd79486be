package dev.tandem.deploy.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.awaitility.Awaitility.await;

/**
 * Debian's Prometheus as a child process of the test, on its own loopback port and with
 * its own data folder, so it never meets a Prometheus the machine may run as a service
 * (on 9090, with /var/lib/prometheus). Only this process is ever signalled.
 */
final class PrometheusServer implements AutoCloseable {

	static final Path BINARY = Path.of("/usr/bin/prometheus");

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Process process;

	private final Path log;

	private final URI base;

	private PrometheusServer(Process process, Path log, URI base) {
		this.process = process;
		this.log = log;
		this.base = base;
	}

	/**
	 * Start Prometheus on the given configuration.
	 * @param config the configuration file
	 * @param dataDir the folder for its time series, emptied first
	 * @param port its loopback port
	 * @param log where its output goes
	 */
	static PrometheusServer start(Path config, Path dataDir, int port, Path log) throws IOException {
		deleteRecursively(dataDir);
		Files.createDirectories(dataDir);
		Files.createDirectories(log.getParent());
		Process process = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
				"--storage.tsdb.path=" + dataDir, "--storage.tsdb.retention.time=1h",
				"--web.listen-address=127.0.0.1:" + port)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		return new PrometheusServer(process, log, URI.create("http://127.0.0.1:" + port));
	}

	/** Wait until Prometheus answers on its readiness path, failing fast if it exits. */
	void awaitReady(Duration timeout) {
		await("Prometheus ready").atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Prometheus exited with " + this.process.exitValue() + ":\n" + tail());
			}
			try {
				return get("/-/ready").statusCode() == 200;
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	/**
	 * The targets Prometheus scrapes, as {@code /api/v1/targets} lists them.
	 * @return the active targets
	 */
	List<JsonNode> activeTargets() throws IOException, InterruptedException {
		JsonNode body = JSON.readTree(get("/api/v1/targets?state=active").body());
		return List.copyOf(body.path("data").path("activeTargets").findParents("health"));
	}

	/**
	 * Run an instant query.
	 * @param promql the expression
	 * @return the {@code data} of the answer ({@code resultType} and {@code result})
	 */
	JsonNode query(String promql) throws IOException, InterruptedException {
		HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
		JsonNode body = JSON.readTree(response.body());
		if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
			throw new IllegalStateException("Prometheus refused the query " + promql + ": " + response.body());
		}
		return body.path("data");
	}

	private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
		return this.http.send(
				HttpRequest.newBuilder(this.base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	String tail() {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (var paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
