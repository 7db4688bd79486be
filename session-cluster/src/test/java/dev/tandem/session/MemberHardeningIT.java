package dev.tandem.session;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;

import com.example.userapp.Cart;
import com.example.userapp.Wishlist;
import com.example.userapps.Lookalike;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import dev.tandem.session.testing.SessionNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What the member configuration stops on a LAN, and what it cannot: real members on
 * loopback, built from {@link HazelcastMemberConfig} as a node builds them.
 */
class MemberHardeningIT {

	@RegisterExtension
	final SessionNodes<HazelcastInstance> members = LoopbackMembers.create();

	@Test
	void classOutsideTheAllowListShouldBeRejectedWhenAnotherMemberReadsIt() {
		List<HazelcastInstance> pair = this.members.start(2);
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
	void classInAnAllowedPackageShouldPassAndALookalikePackageShouldBeRejected() {
		List<HazelcastInstance> pair = this.members.start(2,
				"tandem.node.cluster.serialization.allowed-packages=com.example.userapp");
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
	void allowedClassShouldPassAndItsNeighbourShouldBeRejected() {
		List<HazelcastInstance> pair = this.members.start(2,
				"tandem.node.cluster.serialization.allowed-classes=com.example.userapp.Cart");
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
	void clientShouldBeRefusedOnTheMemberPort() {
		this.members.start(1);
		int port = this.members.memberPort(0);
		ClientConfig client = new ClientConfig().setClusterName(this.members.clusterName());
		client.getNetworkConfig().addAddress("127.0.0.1:" + port);
		client.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(3000);

		assertThatIllegalStateException().isThrownBy(() -> HazelcastClient.newHazelcastClient(client).shutdown())
			.withMessageContaining("Unable to connect");
	}

	@Test
	void memberPortShouldListenOnTheBoundInterfaceOnly() {
		this.members.start(1);
		int port = this.members.memberPort(0);

		assertThat(connects("127.0.0.1", port)).isTrue();
		assertThat(connects("127.0.0.2", port)).isFalse();
	}

	@Test
	void memberWithAnotherClusterNameShouldStayOut() {
		List<HazelcastInstance> pair = this.members.start(2);
		String target = pair.get(0).getCluster().getLocalMember().getSocketAddress().getPort() + "";

		HazelcastInstance stranger = this.members.startAnother("tandem.node.cluster.members=127.0.0.1:" + target,
				"tandem.node.cluster.name=other");

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
	void rogueMemberWithTheClusterNameShouldJoinFromOutsideTheList() {
		List<HazelcastInstance> pair = this.members.start(2);
		String target = pair.get(0).getCluster().getLocalMember().getSocketAddress().getPort() + "";

		HazelcastInstance rogue = this.members.startAnother("tandem.node.cluster.members=127.0.0.1:" + target);

		this.members.awaitSize(3, pair.get(0));
		assertThat(rogue.getCluster().getMembers()).hasSize(3);
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
