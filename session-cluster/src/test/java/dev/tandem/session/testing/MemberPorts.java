package dev.tandem.session.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for Hazelcast members in tests, which must know each other's ports
 * before any of them starts.
 * <p>
 * The ports come from below Linux's ephemeral range (32768-60999 by default), never from
 * binding port 0: a port from that range can be picked as the local port of a member's
 * own outgoing connection to a peer that is not listening yet, and the kernel then
 * connects the socket to itself. The member sees itself at its peer's address and the
 * peer can never join (seen in {@code LoginIT}: "Target is this node!", then "Could not
 * join cluster").
 */
public final class MemberPorts {

	private static final int LOWEST = 20000;

	private static final int ABOVE_HIGHEST = 32768;

	private static final int ATTEMPTS = 500;

	private MemberPorts() {
	}

	/**
	 * Returns {@code count} distinct ports that could be bound on loopback just now.
	 * @param count how many ports
	 * @return the ports
	 */
	public static List<Integer> free(int count) {
		Set<Integer> ports = new LinkedHashSet<>();
		for (int attempt = 0; attempt < ATTEMPTS && ports.size() < count; attempt++) {
			int candidate = ThreadLocalRandom.current().nextInt(LOWEST, ABOVE_HIGHEST);
			if (!ports.contains(candidate) && bindable(candidate)) {
				ports.add(candidate);
			}
		}
		if (ports.size() < count) {
			throw new IllegalStateException("Found only " + ports.size() + " of " + count + " free ports between "
					+ LOWEST + " and " + ABOVE_HIGHEST + " after " + ATTEMPTS + " attempts");
		}
		return new ArrayList<>(ports);
	}

	/**
	 * Returns one port that could be bound on loopback just now.
	 * @return the port
	 */
	public static int free() {
		return free(1).get(0);
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
