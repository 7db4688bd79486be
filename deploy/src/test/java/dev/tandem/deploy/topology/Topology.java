package dev.tandem.deploy.topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.tandem.deploy.AdminLogin;
import dev.tandem.deploy.compose.ComposeFile;
import dev.tandem.deploy.compose.ComposeService;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;

import static org.awaitility.Awaitility.await;

/**
 * Pi 1 to Pi 4 as containers on one private network, each at a fixed address (.11 to .14
 * of the network, also reachable by its name {@code pi1} ... {@code pi4}), configured
 * only through the environment a Pi owner would use. A second network, the
 * {@link #gatewayNetwork() gateway's network}, joins the gateway to the was-nodes' HTTP
 * ports at the same offsets: the gateway's member URIs point there, while Hazelcast talks
 * on the first one, so a test can cut one path and keep the other (as with a Pi whose
 * second NIC fails, or a firewall rule). Gateway {@code pi1}; was-nodes {@code pi2}
 * (weight 1) and {@code pi3} (weight 5), the actives, and {@code pi4}, the standby (tier
 * 1); each was-node with Hazelcast on 5701 and the others' addresses as its member list,
 * every session with 2 backups. Started once per test run and shared by the scenarios:
 * each scenario must leave it {@link #awaitSteady() steady}. Stopped as soon as the run
 * moves on to a test class outside this package ({@link TopologyRelease}), else when the
 * JVM exits; each container's output goes to {@code target/container-logs/<name>.log} as
 * it runs. The gateway's management port has one user, {@link Gateway#login() test-admin}
 * (role admin) with a password of this run, and keeps its state in
 * {@value #GATEWAY_STATE_DIR} of its container.
 * <p>
 * The containers are the services of {@code deploy/compose.yaml}: each image built as its
 * service builds it, started with its environment, ports and health check. What the test
 * changes (fixed addresses, a cluster name of its own, the standby pi4, ...) is listed in
 * the constructor, and {@link ComposeService#environment(Map, Map)} fails when the file
 * no longer sets a variable the test replaces.
 */
final class Topology {

	static final List<String> NODE_NAMES = List.of("pi2", "pi3", "pi4");

	static final Duration START_TIMEOUT = Duration.ofSeconds(300);

	/** Members come back at full weight this long after their health checks pass. */
	static final Duration SLOW_START = Duration.ofSeconds(10);

	private static final String JVM_OPTIONS = "-Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

	/**
	 * The tag of the images a run builds: {@code it}, or the system property
	 * {@code tandem.it.image-tag}, so that two runs on one machine do not build over each
	 * other's images.
	 */
	static final String IMAGE_TAG = System.getProperty("tandem.it.image-tag", "it");

	/** The was-nodes' session snapshot, on in every scenario. */
	static final Map<String, String> SNAPSHOT = Map.of("TANDEM_NODE_SESSIONS_SNAPSHOT_ENABLED", "true",
			"TANDEM_NODE_SESSIONS_SNAPSHOT_DIR", "/var/lib/tandem/was-node/sessions");

	/** The gateway's state directory in its container: runtime changes, audit log. */
	static final String GATEWAY_STATE_DIR = "/tmp/tandem-gateway-state";

	private static Topology shared;

	/** Stops the last topology created, at JVM exit unless released before. */
	private static Thread stopAtExit;

	private static RuntimeException startFailure;

	private final Network network;

	private final Network gatewayNetwork;

	private final Map<String, TandemContainer> nodes = new LinkedHashMap<>();

	private final Gateway gateway;

	private Topology() {
		this.network = Network.newNetwork();
		this.gatewayNetwork = Network.newNetwork();
		String clusterName = "tandem-it-" + UUID.randomUUID().toString().substring(0, 8);
		NetworkAddresses addresses = NetworkAddresses.of(this.network);
		NetworkAddresses gatewayAddresses = NetworkAddresses.of(this.gatewayNetwork);
		AdminLogin login = AdminLogin.random();
		ComposeFile compose = ComposeFile.read(composeFile(), composeVariables(login));
		for (String name : NODE_NAMES) {
			String others = NODE_NAMES.stream()
				.filter((other) -> !other.equals(name))
				.map((other) -> address(addresses, other))
				.collect(Collectors.joining(","));
			String address = address(addresses, name);
			// pi4, the standby, is not in compose.yaml (Pi 1/2/3): it is pi3's service
			// under another id.
			ComposeService service = compose.service(name.equals("pi4") ? "pi3" : name);
			// Replaced for the test: a cluster name of this run only (no other run's
			// members can join), the others' fixed addresses (faults cut addresses), 2
			// backups with three nodes, and the JVM options the tests were measured with
			// on two shared cores.
			// Added: the session snapshot, where the Debian package keeps it, for the
			// power cut (PowerCutIT). A node restarted alone loads it only within 5 min
			// of a cold start, and then only sessions the cluster lacks or holds older.
			Map<String, String> environment = service.environment(Map.of("JAVA_TOOL_OPTIONS", JVM_OPTIONS,
					"TANDEM_NODE_ID", name, "TANDEM_NODE_CLUSTER_NAME", clusterName, "TANDEM_NODE_CLUSTER_MEMBERS",
					others, "TANDEM_NODE_CLUSTER_BACKUP_COUNT", "2"), SNAPSHOT);
			GenericContainer<?> container = new TwoNetworkContainer(
					TandemImages.image(service, "localhost/tandem-was-node:" + IMAGE_TAG, "was-node.jar"),
					this.gatewayNetwork, address(gatewayAddresses, name), name)
				.withNetwork(this.network)
				.withNetworkAliases(name)
				.withCreateContainerCmdModifier(
						(cmd) -> cmd.withName(clusterName + "-" + name).withHostName(name).withIpv4Address(address))
				.withExposedPorts(exposedPorts(service))
				.withEnv(environment)
				.waitingFor(Wait.forHttp(service.healthPath()).forPort(service.healthPort()).forStatusCode(200))
				.withStartupTimeout(START_TIMEOUT);
			this.nodes.put(name,
					new TandemContainer(name, address, container, service.healthPort(), service.healthPath()));
		}
		String gatewayAddress = address(addresses, "pi1");
		ComposeService service = compose.service("gateway");
		// Replaced for the test: member URIs on the gateway's network (a test cuts one
		// network and keeps the other) and the tests' JVM options. Added: pi4 as the
		// standby, a short slow start, and the state in a folder of the container's own.
		Map<String, String> replaced = Map.of("JAVA_TOOL_OPTIONS", JVM_OPTIONS, "TANDEM_GATEWAY_MEMBERS_0_URI",
				memberUri(gatewayAddresses, "pi2"), "TANDEM_GATEWAY_MEMBERS_1_URI", memberUri(gatewayAddresses, "pi3"));
		Map<String, String> added = Map.of("TANDEM_GATEWAY_MEMBERS_2_ID", "pi4", "TANDEM_GATEWAY_MEMBERS_2_URI",
				memberUri(gatewayAddresses, "pi4"), "TANDEM_GATEWAY_MEMBERS_2_WEIGHT", "1",
				"TANDEM_GATEWAY_MEMBERS_2_TIER", "1", "TANDEM_GATEWAY_BALANCING_SLOW_START",
				SLOW_START.toSeconds() + "s", "TANDEM_GATEWAY_ADMIN_STATE_DIR", GATEWAY_STATE_DIR);
		GenericContainer<?> gateway = new TwoNetworkContainer(
				TandemImages.image(service, "localhost/tandem-gateway:" + IMAGE_TAG, "gateway.jar"),
				this.gatewayNetwork, address(gatewayAddresses, "pi1"), "pi1")
			.withNetwork(this.network)
			.withNetworkAliases("pi1")
			.withCreateContainerCmdModifier(
					(cmd) -> cmd.withName(clusterName + "-pi1").withHostName("pi1").withIpv4Address(gatewayAddress))
			.withExposedPorts(exposedPorts(service))
			.withEnv(service.environment(replaced, added))
			.waitingFor(Wait.forHttp(service.healthPath()).forPort(service.healthPort()).forStatusCode(200))
			.withStartupTimeout(START_TIMEOUT);
		this.gateway = new Gateway(
				new TandemContainer("pi1", gatewayAddress, gateway, service.healthPort(), service.healthPath()), login);
	}

	/** deploy/compose.yaml, which failsafe names. */
	private static Path composeFile() {
		String file = System.getProperty("tandem.compose.file");
		if (file == null || !Files.isRegularFile(Path.of(file))) {
			throw new IllegalStateException(
					"System property tandem.compose.file must name compose.yaml (set by the build), but was " + file);
		}
		return Path.of(file);
	}

	/**
	 * What a user would put in compose.yaml's {@code .env}: the admin user (the test's
	 * login; {@code {noop}}, a test needs no bcrypt) and the base image when this run
	 * names one.
	 */
	private static Map<String, String> composeVariables(AdminLogin login) {
		Map<String, String> variables = new HashMap<>(TandemImages.baseImageVariable());
		variables.put("TANDEM_ADMIN_NAME", login.name());
		variables.put("TANDEM_ADMIN_PASSWORD_HASH", "{noop}" + login.password());
		return variables;
	}

	/**
	 * The ports compose.yaml publishes and the one its health check asks, each mapped to
	 * a free port of the host (tests run beside other containers).
	 */
	private static Integer[] exposedPorts(ComposeService service) {
		Set<Integer> ports = new TreeSet<>(service.containerPorts());
		ports.add(service.healthPort());
		return ports.toArray(Integer[]::new);
	}

	private static String memberUri(NetworkAddresses addresses, String name) {
		return "http://" + address(addresses, name) + ":8080";
	}

	/** Pi n at .(10 + n) of the network, as a LAN with fixed addresses would have it. */
	private static String address(NetworkAddresses addresses, String name) {
		return addresses.host(10 + Integer.parseInt(name.substring(2)));
	}

	/** The topology of this test run, started on first use and steady on return. */
	static synchronized Topology shared() {
		if (startFailure != null) {
			throw new IllegalStateException("the topology failed to start in an earlier scenario", startFailure);
		}
		if (shared == null) {
			Topology topology = new Topology();
			stopAtExit = new Thread(topology::stop, "topology-stop");
			Runtime.getRuntime().addShutdownHook(stopAtExit);
			long start = System.nanoTime();
			try {
				Startables.deepStart(topology.containers()).join();
			}
			catch (RuntimeException ex) {
				startFailure = ex;
				throw ex;
			}
			System.out.printf("topology: 4 containers started in %d ms; %s; %s%n",
					Duration.ofNanos(System.nanoTime() - start).toMillis(), BridgeMacPin.pin(topology.network),
					BridgeMacPin.pin(topology.gatewayNetwork));
			shared = topology;
		}
		shared.awaitSteady();
		return shared;
	}

	/**
	 * Stops the topology now, if one was created: its containers no longer take the
	 * machine's cores and memory, nor keep their published host ports, which the engine
	 * redirects on every local address (a test server the kernel later gives one of those
	 * ports would be unreachable). A scenario that comes later starts a new one.
	 */
	static synchronized void release() {
		if (stopAtExit == null) {
			return;
		}
		Runtime.getRuntime().removeShutdownHook(stopAtExit);
		long start = System.nanoTime();
		try {
			stopAtExit.run();
			System.out.printf("topology: stopped in %d ms, the topology tests being over%n",
					Duration.ofNanos(System.nanoTime() - start).toMillis());
		}
		catch (RuntimeException ex) {
			// The class about to run is another test's: it must not fail for this.
			System.err.println("topology: could not stop it: " + ex);
		}
		finally {
			stopAtExit = null;
			shared = null;
		}
	}

	Gateway gateway() {
		return this.gateway;
	}

	TandemContainer node(String name) {
		TandemContainer node = this.nodes.get(name);
		if (node == null) {
			throw new IllegalArgumentException("no node " + name + ", only " + this.nodes.keySet());
		}
		return node;
	}

	List<TandemContainer> nodes() {
		return List.copyOf(this.nodes.values());
	}

	/**
	 * The network every container is on: Hazelcast's (the was-nodes' member lists) and
	 * the one the host's port mappings lead through.
	 */
	Network network() {
		return this.network;
	}

	/**
	 * The network between the gateway and the was-nodes' HTTP ports: the gateway's member
	 * URIs point here, Hazelcast never does.
	 */
	Network gatewayNetwork() {
		return this.gatewayNetwork;
	}

	/**
	 * Wait until every was-node runs and is ready, the cluster has every backup in place,
	 * and the gateway has every member {@code up} at full weight (slow start over): the
	 * state every scenario starts from and must leave behind. Cluster safety matters
	 * after a scenario that failed half-way: a member still merging or repartitioning can
	 * make its readiness slow and the gateway take it out in the next scenario.
	 */
	void awaitSteady() {
		for (TandemContainer node : this.nodes.values()) {
			node.awaitReady(START_TIMEOUT);
		}
		awaitClusterSafe(Duration.ofSeconds(90));
		await("every member up at full weight").atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> this.gateway.memberStates().values().stream().allMatch("up"::equals)
					&& this.gateway.memberStates().size() == NODE_NAMES.size());
	}

	/**
	 * Wait until the running was-nodes see each other as one cluster with every backup in
	 * place (each reports that many members and {@code localMemberSafe}): after this, the
	 * loss of one more node loses no acknowledged write. Returns how long it took.
	 */
	Duration awaitClusterSafe(Duration timeout) {
		long start = System.nanoTime();
		List<TandemContainer> running = this.nodes.values().stream().filter(TandemContainer::running).toList();
		await("cluster of " + running.size() + " safe").atMost(timeout)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> running.stream()
				.map(TandemContainer::sessionCluster)
				.allMatch((details) -> details.path("members").asInt() == running.size()
						&& details.path("localMemberSafe").asBoolean()));
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private List<GenericContainer<?>> containers() {
		List<GenericContainer<?>> containers = new ArrayList<>();
		this.nodes.values().forEach((node) -> containers.add(node.container()));
		containers.add(this.gateway.container().container());
		return containers;
	}

	private void stop() {
		for (TandemContainer container : allContainers()) {
			try {
				container.container().stop();
			}
			catch (RuntimeException ex) {
				System.err.println("could not remove " + container.name() + ": " + ex);
			}
		}
		this.network.close();
		this.gatewayNetwork.close();
	}

	private List<TandemContainer> allContainers() {
		List<TandemContainer> all = new ArrayList<>(this.nodes.values());
		all.add(this.gateway.container());
		return all;
	}

}
