package dev.tandem.session;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;

/**
 * Makes the member port serve members only. Hazelcast's plain network configuration
 * listens with one socket for every protocol, the client protocol included, so anyone who
 * can reach port 5701 and knows the cluster name could read and write every session as a
 * client. Its advanced network configuration with a single MEMBER endpoint refuses every
 * other protocol. This class moves the finished plain configuration (port, interfaces,
 * join, outbound ports) into that one endpoint, so the rest of the node keeps configuring
 * {@link NetworkConfig} as usual; it must run last.
 */
final class MemberOnlyEndpoint {

	private MemberOnlyEndpoint() {
	}

	static void apply(Config config) {
		NetworkConfig network = config.getNetworkConfig();
		ServerSocketEndpointConfig member = new ServerSocketEndpointConfig();
		member.setPort(network.getPort())
			.setPortCount(network.getPortCount())
			.setPortAutoIncrement(network.isPortAutoIncrement())
			.setReuseAddress(network.isReuseAddress())
			.setPublicAddress(network.getPublicAddress())
			.setOutboundPortDefinitions(network.getOutboundPortDefinitions())
			.setInterfaces(network.getInterfaces());
		AdvancedNetworkConfig advanced = config.getAdvancedNetworkConfig();
		advanced.setEnabled(true).setMemberEndpointConfig(member).setJoin(network.getJoin());
	}

}
