package dev.tandem.session;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;

import com.hazelcast.core.HazelcastInstance;
import dev.tandem.session.testing.SessionNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A member that names its peer by host name joins it, though the name resolves to another
 * address than the one the member binds: Hazelcast's TCP/IP joiner drops such addresses
 * when the bound address is given to it as an interface.
 */
class HostNameMembersIT {

	@RegisterExtension
	final SessionNodes<HazelcastInstance> members = LoopbackMembers.create();

	@Test
	void memberShouldJoinAPeerItKnowsByAHostNameResolvingToAnotherAddress() throws SocketException {
		Optional<InetAddress> lan = nonLoopbackAddressOfThisMachine();
		assumeTrue(lan.isPresent(), "this machine has no non-loopback IPv4 address to bind a second member to");
		// The peer on 127.0.0.1, listing only itself, as a node started earlier would.
		HazelcastInstance peer = this.members.startAnother();
		String peerByName = "localhost:" + this.members.memberPort(0);

		HazelcastInstance named = this.members.startAnother("tandem.node.cluster.members=" + peerByName,
				"tandem.node.cluster.interface=" + lan.get().getHostAddress());

		this.members.awaitSize(2, peer, named);
		assertThat(named.getCluster().getLocalMember().getAddress().getHost()).isEqualTo(lan.get().getHostAddress());
		assertThat(peer.getCluster().getMembers()).contains(named.getCluster().getLocalMember());
	}

	private static Optional<InetAddress> nonLoopbackAddressOfThisMachine() throws SocketException {
		return Collections.list(NetworkInterface.getNetworkInterfaces())
			.stream()
			.filter(RoutedInterfaceTests::isUp)
			.flatMap((networkInterface) -> Collections.list(networkInterface.getInetAddresses()).stream())
			.filter((address) -> address.getAddress().length == 4 && !address.isLoopbackAddress()
					&& !address.isLinkLocalAddress())
			.findFirst();
	}

}
