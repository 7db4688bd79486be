package dev.tandem.deploy.arm;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.deploy.AdminLogin;
import dev.tandem.deploy.FreePorts;
import dev.tandem.deploy.JarProcess;

import static org.awaitility.Awaitility.await;

/**
 * The seed's cluster on one emulated ARM JVM: two was-nodes forming a Hazelcast cluster
 * on loopback and a gateway in front of them, each the real fat jar in its own process
 * with the JVM options a Pi runs it with (the systemd units' example environment files).
 * Node ids are given explicitly: under emulation the host name is the machine's, and the
 * ids must be the gateway's member ids.
 */
final class EmulatedCluster implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final ObjectMapper JSON = new ObjectMapper();

	private final JarProcess was1;

	private final JarProcess was2;

	private final JarProcess gateway;

	private final int gatewayPort;

	private final URI gatewayHealth;

	private final AdminLogin admin;

	private EmulatedCluster(JarProcess was1, JarProcess was2, JarProcess gateway, int gatewayPort, int gatewayAdmin,
			AdminLogin admin) {
		this.was1 = was1;
		this.was2 = was2;
		this.gateway = gateway;
		this.gatewayPort = gatewayPort;
		this.gatewayHealth = URI.create("http://127.0.0.1:" + gatewayAdmin + "/actuator/health");
		this.admin = admin;
	}

	/**
	 * Start the three processes at once on the JRE (they boot side by side, as on a Pi's
	 * cores; the machine's cores are shared by all three emulators).
	 */
	static EmulatedCluster start(ArmJre jre, Arch arch, AdminLogin admin, Path gatewayState) throws IOException {
		Path systemd = Path.of(System.getProperty("tandem.systemd.dir"));
		List<String> nodeOptions = PiJavaOptions.of(systemd.resolve("tandem-was-node.env.example"));
		List<String> gatewayOptions = PiJavaOptions.of(systemd.resolve("tandem-gateway.env.example"));
		FreePorts ports = new FreePorts();
		int http1 = ports.next();
		int http2 = ports.next();
		int hazelcast1 = ports.next();
		int hazelcast2 = ports.next();
		int gatewayPort = ports.next();
		int gatewayAdmin = ports.next();
		String members = "127.0.0.1:" + hazelcast1 + ",127.0.0.1:" + hazelcast2;
		List<String> java = jre.javaCommand();
		JarProcess was1 = JarProcess.start(arch + "-was1", java, "tandem.was-node.jar", readiness(http1), nodeOptions,
				Map.of(), nodeArgs("was1", http1, hazelcast1, members));
		JarProcess was2 = JarProcess.start(arch + "-was2", java, "tandem.was-node.jar", readiness(http2), nodeOptions,
				Map.of(), nodeArgs("was2", http2, hazelcast2, members));
		JarProcess gateway = JarProcess.start(arch + "-gateway", java, "tandem.gateway.jar", readiness(gatewayAdmin),
				gatewayOptions, admin.environment(),
				List.of("--server.port=" + gatewayPort, "--management.server.port=" + gatewayAdmin,
						"--tandem.gateway.admin.state-dir=" + gatewayState, "--tandem.gateway.members[0].id=was1",
						"--tandem.gateway.members[0].uri=http://127.0.0.1:" + http1,
						"--tandem.gateway.members[1].id=was2",
						"--tandem.gateway.members[1].uri=http://127.0.0.1:" + http2));
		return new EmulatedCluster(was1, was2, gateway, gatewayPort, gatewayAdmin, admin);
	}

	private static List<String> nodeArgs(String id, int httpPort, int hazelcastPort, String members) {
		return List.of("--server.port=" + httpPort, "--tandem.node.id=" + id,
				"--tandem.node.cluster.port=" + hazelcastPort, "--tandem.node.cluster.members=" + members,
				"--tandem.node.cluster.interface=127.0.0.1");
	}

	private static URI readiness(int port) {
		return URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
	}

	/**
	 * Wait until every process is ready, watching all three at once so that each one's
	 * time is its own, not the time its turn came.
	 * @return each process's time from its start to ready, by process name, in the order
	 * was1, was2, gateway
	 */
	Map<String, Duration> awaitReady(Duration timeout) throws InterruptedException {
		List<JarProcess> processes = List.of(this.was1, this.was2, this.gateway);
		ExecutorService watchers = Executors.newFixedThreadPool(processes.size());
		try {
			Map<String, Future<Duration>> watched = new LinkedHashMap<>();
			for (JarProcess process : processes) {
				watched.put(process.name(), watchers.submit(() -> process.awaitReady(timeout)));
			}
			Map<String, Duration> bootToReady = new LinkedHashMap<>();
			for (Map.Entry<String, Future<Duration>> entry : watched.entrySet()) {
				bootToReady.put(entry.getKey(), result(entry.getValue()));
			}
			return bootToReady;
		}
		finally {
			watchers.shutdownNow();
		}
	}

	private static Duration result(Future<Duration> readiness) throws InterruptedException {
		try {
			return readiness.get();
		}
		catch (ExecutionException ex) {
			// The watcher's own failure (timed out, or the process died, with its log).
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	/**
	 * Wait until the gateway's health checks see both members up (it may have probed one
	 * before it was ready), so that new clients are balanced over both.
	 */
	void awaitBothMembersUp(Duration timeout) {
		await("gateway sees both members up").atMost(timeout)
			.pollInterval(Duration.ofSeconds(1))
			.until(this::bothMembersUp);
	}

	private boolean bothMembersUp() {
		try {
			HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(this.gatewayHealth)
				.header("Authorization", this.admin.authorization())
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
			JsonNode members = JSON.readTree(response.body()).path("components").path("balancer").path("details");
			return "up".equals(members.path("was1").path("state").asText())
					&& "up".equals(members.path("was2").path("state").asText());
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** The gateway's public base URI. */
	URI gateway() {
		return URI.create("http://127.0.0.1:" + this.gatewayPort);
	}

	JarProcess gatewayProcess() {
		return this.gateway;
	}

	/** The was-node process with the given member id. */
	JarProcess node(String id) {
		return switch (id) {
			case "was1" -> this.was1;
			case "was2" -> this.was2;
			default -> throw new IllegalArgumentException("no member " + id);
		};
	}

	/** The gateway first, then the nodes, each SIGTERM and then SIGKILL after 30 s. */
	@Override
	public void close() throws InterruptedException {
		this.gateway.close();
		this.was2.close();
		this.was1.close();
	}

}
