package dev.tandem.session;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class RoutedInterfaceTests {

	@Test
	void shouldBindLoopbackWhenEveryMemberIsOnLoopback() {
		NodeProperties node = node(List.of("127.0.0.1:5701", "localhost:5702"), null, false);

		assertThat(RoutedInterface.withDefault(node).cluster().bindInterface()).isEqualTo("127.0.0.1");
	}

	@Test
	void shouldNotBindLoopbackWhenTheOwnHostNameResolvesTo127011() throws SocketException {
		// /etc/hosts on Debian and Raspberry Pi OS: "127.0.1.1 pi2". The route toward
		// 127.0.1.1 leaves from 127.0.0.1, where no peer can reach the node.
		Optional<InetAddress> lan = nonLoopbackAddressOfThisMachine();
		assumeTrue(lan.isPresent(), "this machine has no non-loopback IPv4 address");
		NodeProperties node = node(List.of("pi2", "pi3"), null, false);

		NodeProperties defaulted = RoutedInterface.withDefault(node,
				resolver(Map.of("pi2", "127.0.1.1", "pi3", lan.get().getHostAddress())));

		assertThat(defaulted.cluster().bindInterface()).isEqualTo(lan.get().getHostAddress());
	}

	@Test
	void shouldLeaveTheChoiceToHazelcastRatherThanBindLoopbackWhileAPeerDoesNotResolve() {
		NodeProperties node = node(List.of("pi2", "pi3"), null, false);

		NodeProperties defaulted = RoutedInterface.withDefault(node, resolver(Map.of("pi2", "127.0.1.1")));

		assertThat(defaulted.cluster().bindInterface()).isNull();
	}

	@Test
	void shouldKeepAConfiguredInterface() {
		NodeProperties node = node(List.of("127.0.0.1"), "10.0.0.*", false);

		assertThat(RoutedInterface.withDefault(node)).isSameAs(node);
	}

	@Test
	void shouldLeaveMulticastNodesToHazelcast() {
		NodeProperties node = node(List.of("127.0.0.1"), null, true);

		assertThat(RoutedInterface.withDefault(node).cluster().bindInterface()).isNull();
	}

	@Test
	void shouldLeaveAnUnresolvableMemberToHazelcast() {
		NodeProperties node = node(List.of("no-such-host.invalid:5701"), null, false);

		assertThat(RoutedInterface.withDefault(node).cluster().bindInterface()).isNull();
	}

	@Test
	void shouldTakeTheHostOutOfAMemberEntry() {
		assertThat(RoutedInterface.hostOf("10.0.0.1:5701")).isEqualTo("10.0.0.1");
		assertThat(RoutedInterface.hostOf("pi3.local")).isEqualTo("pi3.local");
		assertThat(RoutedInterface.hostOf("[fd00::4]:5702")).isEqualTo("fd00::4");
	}

	private static RoutedInterface.Resolver resolver(Map<String, String> hosts) {
		return (host) -> {
			String address = hosts.get(host);
			if (address == null) {
				throw new UnknownHostException(host);
			}
			return new InetAddress[] { InetAddress.getByName(address) };
		};
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

	private static NodeProperties node(List<String> members, String bindInterface, boolean multicast) {
		return new NodeProperties("n1", new NodeProperties.Cluster("tandem", members, 5701, bindInterface, multicast, 1,
				0, false, NodeProperties.Serialization.NONE));
	}

	static boolean isUp(NetworkInterface networkInterface) {
		try {
			return networkInterface.isUp();
		}
		catch (SocketException ex) {
			return false;
		}
	}

}
