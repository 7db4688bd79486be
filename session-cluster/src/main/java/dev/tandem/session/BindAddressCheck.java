package dev.tandem.session;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/**
 * Stops start-up with a sentence naming {@code tandem.node.cluster.interface} when it is
 * a single address this machine does not have: Hazelcast would otherwise fail later with
 * a bare bind error.
 */
final class BindAddressCheck {

	private BindAddressCheck() {
	}

	/**
	 * Check the node's single bind address, if it has one.
	 * @param node the node's properties
	 * @return the same properties
	 */
	static NodeProperties check(NodeProperties node) {
		String bindInterface = node.cluster().bindInterface();
		if (bindInterface == null || !HazelcastMemberConfig.isSingleAddress(bindInterface)) {
			return node;
		}
		if (!isOfThisMachine(bindInterface)) {
			throw new BindAddressException(NodeProperties.PREFIX + ".cluster.interface " + bindInterface
					+ " is not an address of this machine: set one of its addresses, or a pattern such as 192.168.1.*.");
		}
		return node;
	}

	private static boolean isOfThisMachine(String address) {
		try {
			InetAddress inet = InetAddress.getByName(address);
			return inet.isLoopbackAddress() || NetworkInterface.getByInetAddress(inet) != null;
		}
		catch (UnknownHostException | SocketException ex) {
			return false;
		}
	}

	/**
	 * A single bind address this machine does not have; its message is the one sentence
	 * start-up reports ({@link BindAddressFailureAnalyzer}).
	 */
	static final class BindAddressException extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		BindAddressException(String message) {
			super(message);
		}

	}

}
