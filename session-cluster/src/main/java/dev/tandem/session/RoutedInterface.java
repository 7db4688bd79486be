package dev.tandem.session;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The default of {@code tandem.node.cluster.interface}: the local address this machine
 * uses to reach the first listed member, so a node binds one interface, the one facing
 * its peers, rather than all of them. When the interface is set, the node joins by
 * multicast, or the first member cannot be resolved or routed to, nothing is defaulted
 * and Hazelcast binds every interface as it would on its own.
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
		NodeProperties.Cluster cluster = node.cluster();
		if (cluster.bindInterface() != null || cluster.multicast()) {
			return node;
		}
		String firstMember = cluster.members().get(0);
		Optional<String> address = toward(hostOf(firstMember));
		if (address.isEmpty()) {
			logger.warn("tandem.node.cluster.interface is not set and no route to the first member '" + firstMember
					+ "' was found: Hazelcast binds every interface.");
			return node;
		}
		logger.info("tandem.node.cluster.interface is not set: binding " + address.get()
				+ ", the address that routes to the first member '" + firstMember + "'.");
		return new NodeProperties(node.id(), cluster.withInterface(address.get()));
	}

	/**
	 * The local address of the route toward a host. Connecting a UDP socket sends no
	 * packet; the kernel only chooses the route and its source address.
	 * @param host a host name or address
	 * @return the local address, or empty when the host cannot be resolved or reached
	 */
	static Optional<String> toward(String host) {
		try (DatagramSocket socket = new DatagramSocket()) {
			socket.connect(new InetSocketAddress(InetAddress.getByName(host), 5701));
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

}
