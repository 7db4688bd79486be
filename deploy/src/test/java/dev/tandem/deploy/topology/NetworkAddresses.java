package dev.tandem.deploy.topology;

import java.util.List;

import com.github.dockerjava.api.model.Network.Ipam.Config;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;

/**
 * Fixed IPv4 addresses inside a network the engine created: the network's subnet (as the
 * engine chose it) plus an offset. Fixed addresses survive a container's restart and
 * reconnection, so members and peers never have to look a name up again, whose answers
 * can go stale here after a container left (see the ARP note in the test docs).
 */
final class NetworkAddresses {

	private final long networkAddress;

	private final int prefix;

	private NetworkAddresses(long networkAddress, int prefix) {
		this.networkAddress = networkAddress;
		this.prefix = prefix;
	}

	static NetworkAddresses of(Network network) {
		List<Config> configs = DockerClientFactory.instance()
			.client()
			.inspectNetworkCmd()
			.withNetworkId(network.getId())
			.exec()
			.getIpam()
			.getConfig();
		for (Config config : configs) {
			String subnet = config.getSubnet();
			if (subnet != null && subnet.contains(".")) {
				String[] parts = subnet.split("/");
				return new NetworkAddresses(toLong(parts[0]), Integer.parseInt(parts[1]));
			}
		}
		throw new IllegalStateException("network " + network.getId() + " has no IPv4 subnet: " + configs);
	}

	/**
	 * The address at this offset from the network address, e.g. offset 20 in 10.89.1.0/24
	 * is 10.89.1.20.
	 */
	String host(int offset) {
		if (offset <= 1 || offset >= (1L << (32 - this.prefix)) - 1) {
			throw new IllegalArgumentException("offset " + offset + " is not a host in a /" + this.prefix);
		}
		long address = this.networkAddress + offset;
		return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "."
				+ (address & 255);
	}

	private static long toLong(String address) {
		long value = 0;
		for (String octet : address.split("\\.")) {
			value = (value << 8) | Integer.parseInt(octet);
		}
		return value;
	}

}
