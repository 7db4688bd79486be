package dev.tandem.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Distinct free TCP ports on the loopback interface, for processes that cannot bind port
 * 0 themselves (a Hazelcast member must know its peers' ports in advance).
 * <p>
 * The ports come from below Linux's ephemeral range (32768-60999 by default), never from
 * binding port 0: a port from that range can become the local port of a member's own
 * outgoing connection to a peer that is not listening yet, and the kernel then connects
 * the socket to itself, so the peer can never join.
 */
final class FreePorts {

	private static final int LOWEST = 20000;

	private static final int ABOVE_HIGHEST = 32768;

	private final Set<Integer> handedOut = new HashSet<>();

	int next() {
		for (int attempt = 0; attempt < 500; attempt++) {
			int candidate = ThreadLocalRandom.current().nextInt(LOWEST, ABOVE_HIGHEST);
			if (!this.handedOut.contains(candidate) && bindable(candidate)) {
				this.handedOut.add(candidate);
				return candidate;
			}
		}
		throw new IllegalStateException(
				"No free loopback port between " + LOWEST + " and " + ABOVE_HIGHEST + " found after 500 attempts");
	}

	private static boolean bindable(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
