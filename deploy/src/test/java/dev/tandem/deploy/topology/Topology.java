package dev.tandem.deploy.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.tandem.deploy.AdminLogin;
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
 * each scenario must leave it {@link #awaitSteady() steady}. Stopped when the JVM exits;
 * each container's output goes to {@code target/container-logs/<name>.log} as it runs.
 * The gateway's management port has one user, {@link Gateway#login() test-admin} (role
 * admin) with a password of this run, and keeps its state in {@value #GATEWAY_STATE_DIR}
 * of its container.
 */
final class Topology {

	static final List<String> NODE_NAMES = List.of("pi2", "pi3", "pi4");

	static final Duration START_TIMEOUT = Duration.ofSeconds(300);

	/** Members come back at full weight this long after their health checks pass. */
	static final Duration SLOW_START = Duration.ofSeconds(10);

	private static final String JVM_OPTIONS = "-Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

	/** The gateway's state directory in its container: runtime changes, audit log. */
	static final String GATEWAY_STATE_DIR = "/tmp/tandem-gateway-state";

	private static Topology shared;

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
		for (String name : NODE_NAMES) {
			String others = NODE_NAMES.stream()
				.filter((other) -> !other.equals(name))
				.map((other) -> address(addresses, other))
				.collect(Collectors.joining(","));
			String address = address(addresses, name);
			GenericContainer<?> container = new TwoNetworkContainer(TandemImages.wasNode(), this.gatewayNetwork,
					address(gatewayAddresses, name), name)
				.withNetwork(this.network)
				.withNetworkAliases(name)
				.withCreateContainerCmdModifier(
						(cmd) -> cmd.withName(clusterName + "-" + name).withHostName(name).withIpv4Address(address))
				.withExposedPorts(8080)
				.withEnv("JAVA_TOOL_OPTIONS", JVM_OPTIONS)
				.withEnv("TANDEM_NODE_ID", name)
				.withEnv("TANDEM_NODE_CLUSTER_NAME", clusterName)
				.withEnv("TANDEM_NODE_CLUSTER_MEMBERS", others)
				.withEnv("TANDEM_NODE_CLUSTER_BACKUP_COUNT", "2")
				.waitingFor(Wait.forHttp("/actuator/health/readiness").forPort(8080).forStatusCode(200))
				.withStartupTimeout(START_TIMEOUT);
			this.nodes.put(name, new TandemContainer(name, address, container, 8080, "/actuator/health/readiness"));
		}
		String gatewayAddress = address(addresses, "pi1");
		AdminLogin login = AdminLogin.random();
		GenericContainer<?> gateway = new TwoNetworkContainer(TandemImages.gateway(), this.gatewayNetwork,
				address(gatewayAddresses, "pi1"), "pi1")
			.withNetwork(this.network)
			.withNetworkAliases("pi1")
			.withCreateContainerCmdModifier(
					(cmd) -> cmd.withName(clusterName + "-pi1").withHostName("pi1").withIpv4Address(gatewayAddress))
			.withExposedPorts(8080, 9090)
			.withEnv("JAVA_TOOL_OPTIONS", JVM_OPTIONS)
			.withEnv("TANDEM_GATEWAY_BALANCING_SLOW_START", SLOW_START.toSeconds() + "s")
			.withEnv(login.environment())
			.withEnv("TANDEM_GATEWAY_ADMIN_STATE_DIR", GATEWAY_STATE_DIR)
			.waitingFor(Wait.forHttp("/actuator/health/readiness").forPort(9090).forStatusCode(200))
			.withStartupTimeout(START_TIMEOUT);
		member(gateway, 0, "pi2", address(gatewayAddresses, "pi2"), 1, 0);
		member(gateway, 1, "pi3", address(gatewayAddresses, "pi3"), 5, 0);
		member(gateway, 2, "pi4", address(gatewayAddresses, "pi4"), 1, 1);
		this.gateway = new Gateway(
				new TandemContainer("pi1", gatewayAddress, gateway, 9090, "/actuator/health/readiness"), login);
	}

	/** Pi n at .(10 + n) of the network, as a LAN with fixed addresses would have it. */
	private static String address(NetworkAddresses addresses, String name) {
		return addresses.host(10 + Integer.parseInt(name.substring(2)));
	}

	private static void member(GenericContainer<?> gateway, int index, String name, String address, int weight,
			int tier) {
		String prefix = "TANDEM_GATEWAY_MEMBERS_" + index + "_";
		gateway.withEnv(prefix + "ID", name)
			.withEnv(prefix + "URI", "http://" + address + ":8080")
			.withEnv(prefix + "WEIGHT", Integer.toString(weight))
			.withEnv(prefix + "TIER", Integer.toString(tier));
	}

	/** The topology of this test run, started on first use and steady on return. */
	static synchronized Topology shared() {
		if (startFailure != null) {
			throw new IllegalStateException("the topology failed to start in an earlier scenario", startFailure);
		}
		if (shared == null) {
			Topology topology = new Topology();
			Runtime.getRuntime().addShutdownHook(new Thread(topology::stop, "topology-stop"));
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
