package dev.tandem.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Distinct free TCP ports on the loopback interface, for processes that cannot bind port
 * 0 themselves (a Hazelcast member must know its peers' ports in advance).
 */
final class FreePorts {

	private final Set<Integer> handedOut = new HashSet<>();

	int next() {
		for (int attempt = 0; attempt < 50; attempt++) {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				int port = socket.getLocalPort();
				if (this.handedOut.add(port)) {
					return port;
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		throw new IllegalStateException("No free loopback port found after 50 attempts");
	}

}
