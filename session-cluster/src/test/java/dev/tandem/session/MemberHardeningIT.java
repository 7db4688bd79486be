package dev.tandem.session;

import java.io.IOException;
import dev.tandem.session.testing.MemberPorts;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.userapp.Cart;
import com.example.userapp.Wishlist;
import com.example.userapps.Lookalike;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.session.hazelcast.HazelcastIndexedSessionRepository;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * What the member configuration stops on a LAN, and what it cannot: real members on
 * loopback, built from {@link HazelcastMemberConfig} as a node builds them.
 */
class MemberHardeningIT {

	private final String clusterName = "tandem-it-" + UUID.randomUUID();

	private final List<HazelcastInstance> instances = new ArrayList<>();

	@AfterEach
	void stopAll() {
		this.instances.forEach((instance) -> instance.getLifecycleService().terminate());
	}

	@Test
	void classOutsideTheAllowListShouldBeRejectedWhenAnotherMemberReadsIt() throws IOException {
		List<HazelcastInstance> pair = startPair();
		LinkedMultiValueMap<String, String> outsider = new LinkedMultiValueMap<>(Map.of("k", List.of("v")));
		SecurityContextImpl login = new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(
				User.withUsername("alice").password("x").roles("USER").build(), null,
				AuthorityUtils.createAuthorityList("ROLE_USER")));
		pair.get(0).getMap("raw").put("outsider", outsider);
		pair.get(0).getMap("raw").put("login", login);

		assertThatExceptionOfType(HazelcastSerializationException.class)
			.isThrownBy(() -> pair.get(1).getMap("raw").get("outsider"))
			.havingRootCause()
			.isInstanceOf(SecurityException.class)
			.withMessage("Resolving class org.springframework.util.LinkedMultiValueMap is not allowed.");
		assertThat(pair.get(1).getMap("raw").get("login")).isEqualTo(login);
	}

	@Test
	void classInAnAllowedPackageShouldPassAndALookalikePackageShouldBeRejected() throws IOException {
		List<HazelcastInstance> pair = startPair(
				new NodeProperties.Serialization(List.of("com.example.userapp"), List.of()));
		pair.get(0).getMap("raw").put("cart", new Cart(List.of("tea")));
		pair.get(0).getMap("raw").put("lookalike", new Lookalike("x"));

		assertThat(pair.get(1).getMap("raw").get("cart")).isEqualTo(new Cart(List.of("tea")));
		assertThatExceptionOfType(HazelcastSerializationException.class)
			.isThrownBy(() -> pair.get(1).getMap("raw").get("lookalike"))
			.havingRootCause()
			.isInstanceOf(SecurityException.class)
			.withMessage("Resolving class com.example.userapps.Lookalike is not allowed.");
	}

	@Test
	void allowedClassShouldPassAndItsNeighbourShouldBeRejected() throws IOException {
		List<HazelcastInstance> pair = startPair(
				new NodeProperties.Serialization(List.of(), List.of("com.example.userapp.Cart")));
		pair.get(0).getMap("raw").put("cart", new Cart(List.of("tea")));
		pair.get(0).getMap("raw").put("wishlist", new Wishlist(List.of("cake")));

		assertThat(pair.get(1).getMap("raw").get("cart")).isEqualTo(new Cart(List.of("tea")));
		assertThatExceptionOfType(HazelcastSerializationException.class)
			.isThrownBy(() -> pair.get(1).getMap("raw").get("wishlist"))
			.havingRootCause()
			.isInstanceOf(SecurityException.class)
			.withMessage("Resolving class com.example.userapp.Wishlist is not allowed.");
	}

	@Test
	void clientShouldBeRefusedOnTheMemberPort() throws IOException {
		int port = MemberPorts.free();
		start(config(port, "127.0.0.1", "127.0.0.1:" + port, this.clusterName));
		ClientConfig client = new ClientConfig().setClusterName(this.clusterName);
		client.getNetworkConfig().addAddress("127.0.0.1:" + port);
		client.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(3000);

		assertThatIllegalStateException().isThrownBy(() -> HazelcastClient.newHazelcastClient(client).shutdown())
			.withMessageContaining("Unable to connect");
	}

	@Test
	void memberPortShouldListenOnTheBoundInterfaceOnly() throws IOException {
		int port = MemberPorts.free();
		start(config(port, "127.0.0.1", "127.0.0.1:" + port, this.clusterName));

		assertThat(connects("127.0.0.1", port)).isTrue();
		assertThat(connects("127.0.0.2", port)).isFalse();
	}

	@Test
	void memberWithAnotherClusterNameShouldStayOut() throws IOException {
		List<HazelcastInstance> pair = startPair();
		int port = MemberPorts.free();
		String target = pair.get(0).getCluster().getLocalMember().getSocketAddress().getPort() + "";

		HazelcastInstance stranger = start(config(port, "127.0.0.1", "127.0.0.1:" + target, "other"));

		assertThat(stranger.getCluster().getMembers()).hasSize(1);
		assertThat(pair.get(0).getCluster().getMembers()).hasSize(2);
	}

	/**
	 * Open-source Hazelcast has no member authentication: the member list says whom a
	 * member calls, not whom it accepts, and binding an interface says where it listens,
	 * not who may connect. A stranger with the cluster name who can reach one member's
	 * port joins, and then holds session backups. Only the network (a firewall allowing
	 * the port from the peers only) keeps it out. (Hazelcast binds only addresses of this
	 * machine's interfaces, so the rogue here listens on 127.0.0.1 too, on a port outside
	 * the list; where it connects from does not matter to the member it calls.)
	 */
	@Test
	void rogueMemberWithTheClusterNameShouldJoinFromOutsideTheList() throws IOException {
		List<HazelcastInstance> pair = startPair();
		int port = MemberPorts.free();
		String target = pair.get(0).getCluster().getLocalMember().getSocketAddress().getPort() + "";

		HazelcastInstance rogue = start(config(port, "127.0.0.1", "127.0.0.1:" + target, this.clusterName));

		await().atMost(Duration.ofSeconds(20)).until(() -> pair.get(0).getCluster().getMembers().size() == 3);
		assertThat(rogue.getCluster().getMembers()).hasSize(3);
	}

	private List<HazelcastInstance> startPair() throws IOException {
		return startPair(NodeProperties.Serialization.NONE);
	}

	private List<HazelcastInstance> startPair(NodeProperties.Serialization serialization) throws IOException {
		int a = MemberPorts.free();
		int b = MemberPorts.free();
		String members = "127.0.0.1:" + a + ",127.0.0.1:" + b;
		HazelcastInstance first = start(config(a, "127.0.0.1", members, this.clusterName, serialization));
		HazelcastInstance second = start(config(b, "127.0.0.1", members, this.clusterName, serialization));
		await().atMost(Duration.ofSeconds(20)).until(() -> first.getCluster().getMembers().size() == 2);
		return List.of(first, second);
	}

	private HazelcastInstance start(Config config) {
		HazelcastInstance instance = Hazelcast.newHazelcastInstance(config);
		this.instances.add(instance);
		return instance;
	}

	private static Config config(int port, String bindInterface, String members, String clusterName) {
		return config(port, bindInterface, members, clusterName, NodeProperties.Serialization.NONE);
	}

	private static Config config(int port, String bindInterface, String members, String clusterName,
			NodeProperties.Serialization serialization) {
		return HazelcastMemberConfig.create(
				new NodeProperties("n" + port,
						new NodeProperties.Cluster(clusterName, List.of(members.split(",")), port, bindInterface, false,
								1, 0, false, serialization)),
				HazelcastIndexedSessionRepository.DEFAULT_SESSION_MAP_NAME);
	}

	private static boolean connects(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
