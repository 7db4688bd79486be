package dev.tandem.session;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The default of {@code tandem.node.cluster.interface}: the local address this machine
 * uses to reach its peers, so a node binds one interface, the one facing them, rather
 * than all of them. The route is taken toward the first listed member that resolves to a
 * peer's address: a member resolving to loopback is passed over, since Debian and
 * Raspberry Pi OS map the machine's own host name to 127.0.1.1, and a route there would
 * bind the node to loopback where no peer can reach it. Only when every member resolves
 * to loopback (one machine) is loopback bound. When the interface is set, the node joins
 * by multicast, or no member resolves to anything but loopback while some do not resolve
 * at all, nothing is defaulted and Hazelcast picks a non-loopback address itself.
 */
final class RoutedInterface {

	private static final Log logger = LogFactory.getLog(RoutedInterface.class);

	private RoutedInterface() {
	}

	/**
	 * Fill in the default interface when the properties leave it open.
	 * @param node the node's properties
	 * @return the same properties, or a copy whose interface is the routed address
	 */
	static NodeProperties withDefault(NodeProperties node) {
		return withDefault(node, InetAddress::getAllByName);
	}

	/**
	 * Fill in the default interface, looking the members up with this resolver.
	 * @param node the node's properties
	 * @param resolver looks a member's host up
	 * @return the same properties, or a copy whose interface is the routed address
	 */
	static NodeProperties withDefault(NodeProperties node, Resolver resolver) {
		NodeProperties.Cluster cluster = node.cluster();
		if (cluster.bindInterface() != null || cluster.multicast()) {
			return node;
		}
		List<String> unresolved = new ArrayList<>();
		List<InetAddress> peers = new ArrayList<>();
		List<InetAddress> loopback = new ArrayList<>();
		for (String member : cluster.members()) {
			try {
				for (InetAddress address : resolver.resolve(hostOf(member))) {
					(address.isLoopbackAddress() ? loopback : peers).add(address);
				}
			}
			catch (UnknownHostException ex) {
				unresolved.add(member);
			}
		}
		if (!unresolved.isEmpty()) {
			// Hazelcast looks the names up again at every join attempt, so a peer whose
			// name appears later (a container started after this one) is still found.
			logger.warn("tandem.node.cluster.members entries " + unresolved
					+ " do not resolve to an address yet: this node cannot join them until they do.");
		}
		Optional<String> address = choose(peers, loopback, unresolved.isEmpty());
		if (address.isEmpty()) {
			logger.warn("tandem.node.cluster.interface is not set and no member of tandem.node.cluster.members "
					+ cluster.members() + " resolves to a routable peer address: Hazelcast picks the address.");
			return node;
		}
		logger.info("tandem.node.cluster.interface is not set: binding " + address.get()
				+ ", the address that routes to the members " + cluster.members() + ".");
		return new NodeProperties(node.id(), cluster.withInterface(address.get()));
	}

	// Another machine's address first, then one of this machine's own (this node's own
	// name), and loopback only when every member is on loopback.
	private static Optional<String> choose(List<InetAddress> peers, List<InetAddress> loopback, boolean allResolved) {
		List<InetAddress> ordered = new ArrayList<>(peers.stream().filter((peer) -> !isOwn(peer)).toList());
		ordered.addAll(peers.stream().filter(RoutedInterface::isOwn).toList());
		for (InetAddress peer : ordered) {
			Optional<String> local = toward(peer);
			if (local.isPresent() && !isLoopback(local.get())) {
				return local;
			}
		}
		if (peers.isEmpty() && allResolved && !loopback.isEmpty()) {
			return toward(loopback.get(0));
		}
		return Optional.empty();
	}

	private static boolean isOwn(InetAddress address) {
		try {
			return NetworkInterface.getByInetAddress(address) != null;
		}
		catch (SocketException ex) {
			return false;
		}
	}

	private static boolean isLoopback(String address) {
		try {
			return InetAddress.getByName(address).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	/**
	 * The local address of the route toward a host. Connecting a UDP socket sends no
	 * packet; the kernel only chooses the route and its source address.
	 * @param host a host name or address
	 * @return the local address, or empty when the host cannot be resolved or reached
	 */
	static Optional<String> toward(String host) {
		try {
			return toward(InetAddress.getByName(host));
		}
		catch (UnknownHostException ex) {
			return Optional.empty();
		}
	}

	private static Optional<String> toward(InetAddress target) {
		try (DatagramSocket socket = new DatagramSocket()) {
			socket.connect(new InetSocketAddress(target, 5701));
			InetAddress local = socket.getLocalAddress();
			if (local == null || local.isAnyLocalAddress()) {
				return Optional.empty();
			}
			String address = local.getHostAddress();
			// An IPv6 scope (fe80::1%eth0) is not part of an interface pattern.
			int scope = address.indexOf('%');
			return Optional.of((scope < 0) ? address : address.substring(0, scope));
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	// host[:port] with IPv6 in brackets, as tandem.node.cluster.members accepts.
	static String hostOf(String member) {
		if (member.startsWith("[")) {
			return member.substring(1, member.indexOf(']'));
		}
		int colon = member.lastIndexOf(':');
		return (colon < 0) ? member : member.substring(0, colon);
	}

	/**
	 * Looks a member's host up, as {@link InetAddress#getAllByName} does.
	 */
	@FunctionalInterface
	interface Resolver {

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

}
