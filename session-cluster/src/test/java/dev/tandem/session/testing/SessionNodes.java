package dev.tandem.session.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.hazelcast.core.HazelcastInstance;
import dev.tandem.session.NodeProperties;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.awaitility.Awaitility.await;

/**
 * Session-cluster nodes in the test's own JVM, on loopback, in a cluster of their own: a
 * unique cluster name and member ports from {@link MemberPorts}. Register it with
 * {@code @RegisterExtension}; it closes every node it started after each test.
 * <p>
 * Node {@code i} (from 0) gets the id {@code n<i+1>}, its member port, the cluster's
 * member list, the loopback interface and the properties the test adds, all as
 * {@code tandem.node.*} properties: an application node gets nothing else but
 * {@code server.port=0}, and a bare member is built from the same properties bound to
 * {@link NodeProperties}.
 *
 * @param <N> what a node is: the application's context, or the bare Hazelcast member
 */
public final class SessionNodes<N> implements AfterEachCallback {

	private static final Duration CLUSTER_CHANGE = Duration.ofSeconds(30);

	private final Kind<N> kind;

	private final String clusterName = "tandem-it-" + UUID.randomUUID();

	private final Map<String, String> common = new LinkedHashMap<>();

	private final List<Slot<N>> slots = new ArrayList<>();

	private String members;

	private SessionNodes(Kind<N> kind) {
		this.kind = kind;
	}

	/**
	 * Nodes that each run a Spring Boot application with the library, started as the
	 * application's {@code main} would start it.
	 * @param sources the application class first, then any configuration the test adds
	 * @return the fixture
	 */
	public static SessionNodes<ConfigurableApplicationContext> applications(Class<?>... sources) {
		return new SessionNodes<>(new Applications(sources));
	}

	/**
	 * Bare Hazelcast members, without Spring: the function starts one from the node's
	 * bound {@code tandem.node.*} properties.
	 * @param member starts a member, as in
	 * {@code (node) -> Hazelcast.newHazelcastInstance(HazelcastMemberConfig.create(node, map))}
	 * @return the fixture
	 */
	public static SessionNodes<HazelcastInstance> members(Function<NodeProperties, HazelcastInstance> member) {
		return new SessionNodes<>(new Members(member));
	}

	/**
	 * Adds properties every node of this fixture starts with.
	 * @param properties {@code name=value} pairs
	 * @return this fixture
	 */
	public SessionNodes<N> with(String... properties) {
		this.common.putAll(parse(properties));
		return this;
	}

	/**
	 * The cluster's name, unique to this fixture, so a test never joins another test's or
	 * a developer's running cluster.
	 * @return the cluster name
	 */
	public String clusterName() {
		return this.clusterName;
	}

	/**
	 * Starts a cluster of {@code count} nodes on new member ports that all list each
	 * other, one after the other, and waits until every one of them sees all of them.
	 * Called once a test; {@link #startAnother} adds nodes.
	 * @param count how many nodes
	 * @param properties {@code name=value} pairs for every one of them, over the
	 * fixture's own
	 * @return the nodes, in the order of their indexes
	 */
	public List<N> start(int count, String... properties) {
		List<Integer> ports = MemberPorts.free(count);
		this.members = ports.stream().map((port) -> "127.0.0.1:" + port).collect(Collectors.joining(","));
		List<N> started = new ArrayList<>();
		for (int port : ports) {
			started.add(startOn(port, properties));
		}
		awaitSize(count, started);
		return started;
	}

	/**
	 * Starts one more node on a member port of its own that no other node lists, without
	 * waiting for it to join: by default it calls the cluster's members, as a node added
	 * later or a stranger on the network would.
	 * @param properties {@code name=value} pairs, over the fixture's own and the cluster
	 * defaults (another {@code tandem.node.cluster.members} or name, for instance)
	 * @return the node
	 */
	public N startAnother(String... properties) {
		int port = MemberPorts.free();
		if (this.members == null) {
			this.members = "127.0.0.1:" + port;
		}
		return startOn(port, properties);
	}

	private N startOn(int port, String... properties) {
		Map<String, String> all = new LinkedHashMap<>();
		all.put("tandem.node.id", "n" + (this.slots.size() + 1));
		all.put("tandem.node.cluster.name", this.clusterName);
		all.put("tandem.node.cluster.port", Integer.toString(port));
		all.put("tandem.node.cluster.members", this.members);
		all.put("tandem.node.cluster.interface", "127.0.0.1");
		all.putAll(this.common);
		all.putAll(parse(properties));
		Slot<N> slot = new Slot<>(port, Collections.unmodifiableMap(all));
		slot.node = this.kind.start(slot.properties);
		this.slots.add(slot);
		return slot.node;
	}

	/**
	 * The node with this index, as last started.
	 * @param index the node's index, from 0 in the order of starting
	 * @return the node
	 */
	public N node(int index) {
		return this.slots.get(index).node;
	}

	/**
	 * The member port of the node with this index.
	 * @param index the node's index
	 * @return its Hazelcast member port
	 */
	public int memberPort(int index) {
		return this.slots.get(index).port;
	}

	/**
	 * The Hazelcast member of a node.
	 * @param node a node of this fixture
	 * @return its member
	 */
	public HazelcastInstance hazelcast(N node) {
		return this.kind.hazelcast(node);
	}

	/**
	 * Stops a node gracefully: an application's context closes (drain wait, web server,
	 * then the member's hand-off), a bare member shuts down.
	 * @param index the node's index
	 */
	public void stop(int index) {
		Slot<N> slot = running(index);
		slot.running = false;
		this.kind.stop(slot.node);
	}

	/**
	 * Kills a node's Hazelcast member at once, as a crash would, with no hand-off of its
	 * partitions; an application's context is closed afterwards.
	 * @param index the node's index
	 */
	public void kill(int index) {
		Slot<N> slot = running(index);
		slot.running = false;
		this.kind.kill(slot.node);
	}

	/**
	 * Starts a node again, on its member port and with its properties, stopping it first
	 * if it still runs; it does not wait for the node to join.
	 * @param index the node's index
	 * @return the node
	 */
	public N restart(int index) {
		Slot<N> slot = this.slots.get(index);
		if (slot.running) {
			stop(index);
		}
		slot.node = this.kind.start(slot.properties);
		slot.running = true;
		return slot.node;
	}

	/**
	 * Waits until every running node sees this many members and its partitions are safe.
	 * @param size the number of members
	 */
	public void awaitSize(int size) {
		awaitSize(size, this.slots.stream().filter((slot) -> slot.running).map((slot) -> slot.node).toList());
	}

	/**
	 * Waits until each of these nodes sees this many members and its partitions are safe.
	 * @param size the number of members
	 * @param nodes the nodes
	 */
	@SafeVarargs
	public final void awaitSize(int size, N... nodes) {
		awaitSize(size, Arrays.asList(nodes));
	}

	private void awaitSize(int size, List<N> nodes) {
		List<HazelcastInstance> members = nodes.stream().map(this.kind::hazelcast).toList();
		await("%d members seen by %s".formatted(size, members)).atMost(CLUSTER_CHANGE)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> members.stream()
				.allMatch((member) -> member.getCluster().getMembers().size() == size
						&& member.getPartitionService().isClusterSafe()));
	}

	/**
	 * The HTTP port of an application node.
	 * @param node the node's context
	 * @return the port its web server listens on
	 */
	public static int httpPort(ConfigurableApplicationContext node) {
		return ((WebServerApplicationContext) node).getWebServer().getPort();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		RuntimeException failure = null;
		for (Slot<N> slot : this.slots) {
			if (slot.running) {
				slot.running = false;
				try {
					this.kind.close(slot.node);
				}
				catch (RuntimeException ex) {
					if (failure == null) {
						failure = ex;
					}
					else {
						failure.addSuppressed(ex);
					}
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	private Slot<N> running(int index) {
		Slot<N> slot = this.slots.get(index);
		if (!slot.running) {
			throw new IllegalStateException("Node " + index + " is not running");
		}
		return slot;
	}

	private static Map<String, String> parse(String... properties) {
		Map<String, String> parsed = new LinkedHashMap<>();
		for (String property : properties) {
			int equals = property.indexOf('=');
			if (equals < 1) {
				throw new IllegalArgumentException("Not a name=value property: " + property);
			}
			parsed.put(property.substring(0, equals), property.substring(equals + 1));
		}
		return parsed;
	}

	private static final class Slot<N> {

		private final int port;

		private final Map<String, String> properties;

		private N node;

		private boolean running = true;

		private Slot(int port, Map<String, String> properties) {
			this.port = port;
			this.properties = properties;
		}

	}

	/**
	 * How a kind of node starts and stops.
	 */
	private interface Kind<N> {

		N start(Map<String, String> properties);

		HazelcastInstance hazelcast(N node);

		void stop(N node);

		void kill(N node);

		/** After the test: as quickly as the kind allows. */
		void close(N node);

	}

	private record Applications(Class<?>[] sources) implements Kind<ConfigurableApplicationContext> {

		@Override
		public ConfigurableApplicationContext start(Map<String, String> properties) {
			List<String> args = new ArrayList<>();
			args.add("--server.port=0");
			properties.forEach((name, value) -> args.add("--" + name + "=" + value));
			return new SpringApplicationBuilder(this.sources).main(this.sources[0]).run(args.toArray(String[]::new));
		}

		@Override
		public HazelcastInstance hazelcast(ConfigurableApplicationContext node) {
			return node.getBean(HazelcastInstance.class);
		}

		@Override
		public void stop(ConfigurableApplicationContext node) {
			node.close();
		}

		@Override
		public void kill(ConfigurableApplicationContext node) {
			hazelcast(node).getLifecycleService().terminate();
			node.close();
		}

		@Override
		public void close(ConfigurableApplicationContext node) {
			node.close();
		}

	}

	private record Members(Function<NodeProperties, HazelcastInstance> member) implements Kind<HazelcastInstance> {

		@Override
		public HazelcastInstance start(Map<String, String> properties) {
			NodeProperties node = new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("tandem.node",
					NodeProperties.class);
			return this.member.apply(node);
		}

		@Override
		public HazelcastInstance hazelcast(HazelcastInstance node) {
			return node;
		}

		@Override
		public void stop(HazelcastInstance node) {
			node.getLifecycleService().shutdown();
		}

		@Override
		public void kill(HazelcastInstance node) {
			node.getLifecycleService().terminate();
		}

		@Override
		public void close(HazelcastInstance node) {
			kill(node);
		}

	}

}
