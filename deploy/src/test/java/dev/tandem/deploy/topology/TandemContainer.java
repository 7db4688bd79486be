package dev.tandem.deploy.topology;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.OutputFrame;

import static org.awaitility.Awaitility.await;

/**
 * One Pi of the topology: a container running one fat jar, with the faults a test can
 * inject. The JVM is the container's main process, so signals go to the JVM itself:
 * SIGKILL ends the container, SIGTERM stops it gracefully, SIGSTOP/SIGCONT freeze and
 * thaw it. A stopped container is started again as the same container (same name,
 * configuration and network alias); its host ports are looked up afresh every time.
 */
final class TandemContainer {

	private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

	private final String name;

	private final String address;

	private final GenericContainer<?> container;

	private final int readinessPort;

	private Path logFile;

	private final Map<String, String> disconnectedAddresses = new ConcurrentHashMap<>();

	private final String readinessPath;

	TandemContainer(String name, String address, GenericContainer<?> container, int readinessPort,
			String readinessPath) {
		this.name = name;
		this.address = address;
		this.container = container.withLogConsumer(this::log);
		this.readinessPort = readinessPort;
		this.readinessPath = readinessPath;
	}

	String name() {
		return this.name;
	}

	/** Its fixed address on the topology's network. */
	String address() {
		return this.address;
	}

	GenericContainer<?> container() {
		return this.container;
	}

	/**
	 * SIGKILL to the JVM: a crash, nothing handed off. Returns as soon as the container
	 * is down.
	 */
	void kill() {
		docker().killContainerCmd(id()).withSignal("KILL").exec();
		awaitExited(Duration.ofSeconds(30));
	}

	/** SIGTERM and wait for the JVM to exit (bounded): a graceful stop. */
	Duration terminate() {
		long start = System.nanoTime();
		docker().killContainerCmd(id()).withSignal("TERM").exec();
		awaitExited(STOP_TIMEOUT);
		return Duration.ofNanos(System.nanoTime() - start);
	}

	/**
	 * SIGSTOP: the JVM stops dead, its sockets stay open (a long GC pause, a hung board).
	 */
	void freeze() {
		docker().killContainerCmd(id()).withSignal("STOP").exec();
	}

	/** SIGCONT after {@link #freeze()}. */
	void thaw() {
		docker().killContainerCmd(id()).withSignal("CONT").exec();
	}

	/** Start the stopped container again and wait until it is ready. */
	void restart(Duration timeout) {
		startAgain();
		awaitReady(timeout);
	}

	/**
	 * Start the stopped container again without waiting for it to be ready, for a test
	 * that watches the gateway notice it instead.
	 */
	void startAgain() {
		docker().startContainerCmd(id()).exec();
		// The log stream ended with the last run; follow again (from the start: the file
		// is rewritten whole).
		restartLog();
		this.container.followOutput(this::log);
	}

	/**
	 * Cut the container off one of its networks (its address and alias there go away),
	 * remembering its address there for {@link #reconnect(Network)}.
	 */
	void disconnect(Network network) {
		// Keyed by network name; podman leaves the entries' network id empty.
		String networkName = docker().inspectNetworkCmd().withNetworkId(network.getId()).exec().getName();
		ContainerNetwork attached = inspect().getNetworkSettings().getNetworks().get(networkName);
		if (attached == null) {
			throw new IllegalStateException(this.name + " is not on network " + networkName);
		}
		String address = attached.getIpAddress();
		this.disconnectedAddresses.put(network.getId(), address);
		docker().disconnectFromNetworkCmd().withNetworkId(network.getId()).withContainerId(id()).exec();
	}

	/** Join the network again under the same alias and at the same address as before. */
	void reconnect(Network network) {
		String address = this.disconnectedAddresses.getOrDefault(network.getId(), this.address);
		docker().connectToNetworkCmd()
			.withNetworkId(network.getId())
			.withContainerId(id())
			.withContainerNetwork(new ContainerNetwork().withAliases(this.name)
				.withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(address)))
			.exec();
	}

	boolean running() {
		Boolean running = inspect().getState().getRunning();
		return running != null && running;
	}

	/** Wait until the readiness endpoint answers 200, failing fast if the JVM exits. */
	void awaitReady(Duration timeout) {
		await(this.name + " ready").atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
			if (!running()) {
				throw new IllegalStateException(this.name + " exited:\n" + tail());
			}
			return ready();
		});
	}

	/**
	 * The {@code sessionCluster} details of a was-node's readiness ({@code members},
	 * {@code localMemberSafe}, ...), or an empty node when it does not answer.
	 */
	JsonNode sessionCluster() {
		try {
			HttpRequest request = HttpRequest.newBuilder(uri(this.readinessPort, this.readinessPath))
				.timeout(Duration.ofSeconds(2))
				.build();
			String body = PROBE.send(request, HttpResponse.BodyHandlers.ofString()).body();
			return JSON.readTree(body).path("components").path("sessionCluster").path("details");
		}
		catch (IOException | RuntimeException ex) {
			return JSON.createObjectNode();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return JSON.createObjectNode();
		}
	}

	/**
	 * The readiness document as the node itself answers it, asked from inside its
	 * container (with {@code curl}, which the base images carry): works while the host's
	 * port mapping does not lead to it (cut off the network it goes through). An empty
	 * node when it does not answer.
	 */
	JsonNode readinessInside() {
		try {
			var result = this.container.execInContainer("curl", "-s", "-m", "2",
					"http://localhost:" + this.readinessPort + this.readinessPath);
			return JSON.readTree(result.getStdout());
		}
		catch (IOException | RuntimeException ex) {
			return JSON.createObjectNode();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return JSON.createObjectNode();
		}
	}

	boolean ready() {
		try {
			HttpRequest request = HttpRequest.newBuilder(uri(this.readinessPort, this.readinessPath))
				.timeout(Duration.ofSeconds(2))
				.build();
			return PROBE.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * A URI on the host for a port of this container, looked up now (the port may change
	 * on a restart).
	 */
	URI uri(int containerPort, String path) {
		Map<ExposedPort, Ports.Binding[]> bindings = inspect().getNetworkSettings().getPorts().getBindings();
		Ports.Binding[] binding = bindings.get(ExposedPort.tcp(containerPort));
		if (binding == null || binding.length == 0) {
			throw new IllegalStateException(this.name + " has no host port for " + containerPort);
		}
		return URI.create("http://" + this.container.getHost() + ":" + binding[0].getHostPortSpec() + path);
	}

	/**
	 * How many times the container's output (every run of it) contains this text, e.g. a
	 * was-node's line saying it merged after a split.
	 */
	int logged(String text) {
		String logs = this.container.getLogs();
		int count = 0;
		for (int at = logs.indexOf(text); at >= 0; at = logs.indexOf(text, at + text.length())) {
			count++;
		}
		return count;
	}

	/**
	 * When the container's output last contained this text, by the time stamp Spring Boot
	 * starts each log line with (the containers share the host's clock); null when it
	 * never did.
	 */
	Instant lastLoggedAt(String text) {
		String logs = this.container.getLogs();
		int at = logs.lastIndexOf(text);
		if (at < 0) {
			return null;
		}
		int lineStart = logs.lastIndexOf('\n', at) + 1;
		return Instant.parse(logs.substring(lineStart, logs.indexOf(' ', lineStart)));
	}

	/**
	 * When the container's output contained this text for the time after the
	 * {@code earlier} times before (counted by {@link #logged(String)}), by the line's
	 * time stamp; null when it has not yet.
	 */
	Instant loggedAt(String text, int earlier) {
		String logs = this.container.getLogs();
		int at = logs.indexOf(text);
		for (int skipped = 0; skipped < earlier && at >= 0; skipped++) {
			at = logs.indexOf(text, at + text.length());
		}
		if (at < 0) {
			return null;
		}
		int lineStart = logs.lastIndexOf('\n', at) + 1;
		return Instant.parse(logs.substring(lineStart, logs.indexOf(' ', lineStart)));
	}

	/** The last 20 lines of the container's output that are warnings or errors. */
	List<String> warnings() {
		List<String> lines = this.container.getLogs()
			.lines()
			.filter((line) -> line.contains(" WARN ") || line.contains(" ERROR "))
			.toList();
		return lines.subList(Math.max(0, lines.size() - 20), lines.size());
	}

	/** The last lines of the container's output. */
	String tail() {
		String logs = this.container.getLogs();
		return logs.substring(Math.max(0, logs.length() - 4000));
	}

	private synchronized void restartLog() {
		this.logFile = null;
	}

	private synchronized void log(OutputFrame frame) {
		if (frame.getBytes() == null) {
			return;
		}
		try {
			if (this.logFile == null) {
				this.logFile = Path.of("target", "container-logs", this.name + ".log");
				Files.createDirectories(this.logFile.getParent());
				Files.writeString(this.logFile, "");
			}
			Files.write(this.logFile, frame.getBytes(), StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			// A log line lost is no reason to fail a scenario.
		}
	}

	private void awaitExited(Duration timeout) {
		await(this.name + " exited").atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> !running());
	}

	private InspectContainerResponse inspect() {
		return docker().inspectContainerCmd(id()).exec();
	}

	private String id() {
		return this.container.getContainerId();
	}

	private static DockerClient docker() {
		return DockerClientFactory.instance().client();
	}

}
