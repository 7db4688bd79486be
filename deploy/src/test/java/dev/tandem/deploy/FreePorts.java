package dev.tandem.deploy;

import java.util.HashSet;
import java.util.Set;

import dev.tandem.session.testing.MemberPorts;

/**
 * Distinct free TCP ports on the loopback interface, for processes that cannot bind port
 * 0 themselves (a Hazelcast member must know its peers' ports in advance). The ports come
 * from {@link MemberPorts}, below the ephemeral range; this class only keeps the ones it
 * handed out from being handed out again.
 */
public final class FreePorts {

	private final Set<Integer> handedOut = new HashSet<>();

	public int next() {
		for (int attempt = 0; attempt < 50; attempt++) {
			int port = MemberPorts.free();
			if (this.handedOut.add(port)) {
				return port;
			}
		}
		throw new IllegalStateException("No new free loopback port found after 50 attempts");
	}

}
