package dev.tandem.deploy.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.tandem.deploy.FreePorts;
import dev.tandem.deploy.JarProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Grafana dashboard against real data: a gateway and two was-nodes (the real jars) on
 * loopback, scraped by Debian's real Prometheus through the project's scrape
 * configuration (its jobs, paths and basic_auth users; only the addresses, password files
 * and interval are the test's), and every query of every panel of
 * {@code deploy/grafana/tandem-dashboard.json} must return data. The gateway also has a
 * member nobody listens for, with health checks off, so that the attempts that get no
 * answer are measured too; requests for a missing page give the 4xx answers.
 */
@RequiresPrometheus
class PrometheusDashboardIT {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

	/** What Grafana would put for {@code $__rate_interval} with a 2 s scrape interval. */
	private static final String RATE_WINDOW = "30s";

	private static final Path WORK = Path.of("target", "prometheus-dashboard");

	private static final Path GRAFANA = Path.of(System.getProperty("tandem.grafana.dir", "grafana"));

	private static final List<AutoCloseable> processes = new ArrayList<>();

	private static PrometheusServer prometheus;

	private static int gatewayPort;

	@BeforeAll
	static void startClusterAndPrometheus() throws Exception {
		Files.createDirectories(WORK);
		FreePorts ports = new FreePorts();
		int http1 = ports.next();
		int http2 = ports.next();
		int hazelcast1 = ports.next();
		int hazelcast2 = ports.next();
		int silentMember = ports.next();
		gatewayPort = ports.next();
		int gatewayAdmin = ports.next();
		int prometheusPort = ports.next();

		String nodePassword = randomPassword();
		String gatewayPassword = randomPassword();
		Path nodePasswordFile = secretFile("was-node.password", nodePassword);
		Path gatewayPasswordFile = secretFile("gateway.password", gatewayPassword);
		// The scrape users' passwords are given encoded, as docs/metrics.md says: by the
		// gateway's own command, for the was-nodes too.
		String nodeHash = encodePassword(nodePassword);
		String gatewayHash = encodePassword(gatewayPassword);

		String members = "127.0.0.1:" + hazelcast1 + ",127.0.0.1:" + hazelcast2;
		JarProcess was1 = start(JarProcess.start("metrics-was1", "tandem.was-node.jar", readiness(http1),
				Map.of("TANDEM_NODE_METRICS_PASSWORD", nodeHash), nodeArgs("was1", http1, hazelcast1, members)));
		JarProcess was2 = start(JarProcess.start("metrics-was2", "tandem.was-node.jar", readiness(http2),
				Map.of("TANDEM_NODE_METRICS_PASSWORD", nodeHash), nodeArgs("was2", http2, hazelcast2, members)));
		Path gatewayState = WORK.resolve("gateway-state");
		Files.createDirectories(gatewayState);
		JarProcess gateway = start(JarProcess.start("metrics-gateway", "tandem.gateway.jar", readiness(gatewayAdmin),
				Map.of("TANDEM_GATEWAY_ADMIN_USERS_0_NAME", "prometheus", "TANDEM_GATEWAY_ADMIN_USERS_0_PASSWORD",
						gatewayHash, "TANDEM_GATEWAY_ADMIN_USERS_0_ROLE", "viewer"),
				List.of("--server.port=" + gatewayPort, "--management.server.port=" + gatewayAdmin,
						"--management.metrics.tags.node=gw1",
						"--tandem.gateway.admin.state-dir=" + gatewayState.toAbsolutePath(),
						// Without health checks the silent member keeps getting tried
						// (after
						// each ejection), so its failed attempts are measured.
						"--tandem.gateway.health.enabled=false", "--tandem.gateway.members[0].id=was1",
						"--tandem.gateway.members[0].uri=http://127.0.0.1:" + http1,
						"--tandem.gateway.members[1].id=was2",
						"--tandem.gateway.members[1].uri=http://127.0.0.1:" + http2,
						"--tandem.gateway.members[2].id=was3",
						"--tandem.gateway.members[2].uri=http://127.0.0.1:" + silentMember)));
		for (JarProcess process : List.of(was1, was2, gateway)) {
			process.awaitReady(START_TIMEOUT);
		}

		Map<String, ScrapeConfig.Job> jobs = new LinkedHashMap<>();
		jobs.put("tandem-gateway", new ScrapeConfig.Job(List.of("127.0.0.1:" + gatewayAdmin), gatewayPasswordFile));
		jobs.put("tandem-was-node",
				new ScrapeConfig.Job(List.of("127.0.0.1:" + http1, "127.0.0.1:" + http2), nodePasswordFile));
		Path config = WORK.resolve("prometheus.yml");
		ScrapeConfig.write(GRAFANA.resolve("prometheus.yml"), config, jobs, "2s");
		prometheus = PrometheusServer.start(config.toAbsolutePath(), WORK.resolve("data").toAbsolutePath(),
				prometheusPort, Path.of("target", "e2e-logs", "prometheus.log"));
		processes.add(prometheus);
		prometheus.awaitReady(Duration.ofSeconds(60));
	}

	@AfterAll
	static void stopAll() throws Exception {
		// Prometheus first, then the gateway, then the nodes.
		for (int i = processes.size() - 1; i >= 0; i--) {
			processes.get(i).close();
		}
	}

	@Test
	void everyDashboardQueryShouldReturnDataFromTheScrapedCluster() throws Exception {
		await("Prometheus scrapes the gateway and both nodes").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(
					() -> assertThat(prometheus.activeTargets()).as("targets (a login refused shows as lastError)")
						.hasSize(3)
						.allSatisfy((target) -> assertThat(target.path("health").asText())
							.as("%s %s: %s", target.path("labels").path("job").asText(),
									target.path("scrapeUrl").asText(), target.path("lastError").asText())
							.isEqualTo("up")));

		sendTraffic();
		// The members' metrics are reachable on their own ports only, never through the
		// gateway.
		HttpResponse<String> throughGateway = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + "/actuator/prometheus"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(throughGateway.statusCode()).isEqualTo(404);
		assertThat(throughGateway.body()).doesNotContain("tandem_node");

		List<DashboardQueries.Query> queries = DashboardQueries.of(GRAFANA.resolve("tandem-dashboard.json"),
				Map.of("member", ".*", "node", ".*", "__rate_interval", RATE_WINDOW, "datasource", "unused"));
		assertThat(queries).as("queries in the dashboard").hasSizeGreaterThan(15);
		for (DashboardQueries.Query query : queries) {
			// Rates need two scrapes after the traffic: a few seconds at most.
			await("panel '" + query.panel() + "' query " + query.refId()).atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofSeconds(1))
				.untilAsserted(() -> assertThat(prometheus.query(query.expr()).path("result"))
					.as("panel '%s' query %s returns data (a number, not NaN): %s", query.panel(), query.refId(),
							query.expr())
					.anySatisfy((series) -> assertThat(Double.parseDouble(series.path("value").path(1).asText("NaN")))
						.isFinite()));
		}
	}

	/**
	 * New clients (each a new session), pages that do not exist and a bounded few seconds
	 * of it, so that rates span several scrapes.
	 */
	private static void sendTraffic() throws IOException, InterruptedException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		for (int round = 0; round < 40 && System.nanoTime() < deadline; round++) {
			for (String path : List.of("/session", "/hello", "/no-such-page")) {
				HttpResponse<String> response = client
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + path))
						.timeout(Duration.ofSeconds(10))
						.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).as("GET %s", path).isIn(200, 404);
			}
			Thread.sleep(150);
		}
	}

	private static JarProcess start(JarProcess process) {
		processes.add(process);
		return process;
	}

	private static List<String> nodeArgs(String id, int httpPort, int hazelcastPort, String members) {
		return List.of("--server.port=" + httpPort, "--tandem.node.id=" + id,
				"--tandem.node.cluster.port=" + hazelcastPort, "--tandem.node.cluster.members=" + members,
				"--tandem.node.cluster.interface=127.0.0.1");
	}

	private static URI readiness(int port) {
		return URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
	}

	private static String randomPassword() {
		byte[] bytes = new byte[18];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static Path secretFile(String name, String content) throws IOException {
		Path file = WORK.resolve(name).toAbsolutePath();
		Files.writeString(file, content, StandardCharsets.UTF_8);
		return file;
	}

	/** {@code printf %s "$PASSWORD" | java -jar gateway.jar encode-password}. */
	private static String encodePassword(String password) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
				System.getProperty("tandem.gateway.jar"), "encode-password")
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		try (OutputStream stdin = process.getOutputStream()) {
			stdin.write(password.getBytes(StandardCharsets.UTF_8));
		}
		String encoded = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("encode-password ended").isTrue();
		assertThat(process.exitValue()).as("encode-password exit status").isZero();
		assertThat(encoded).startsWith("{bcrypt}");
		return encoded;
	}

}
