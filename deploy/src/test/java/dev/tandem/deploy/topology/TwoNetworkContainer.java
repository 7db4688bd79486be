package dev.tandem.deploy.topology;

import java.util.concurrent.Future;

import com.github.dockerjava.api.model.ContainerNetwork;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * A container on its {@link #withNetwork(Network) main network} and on one more, at a
 * fixed address there too, joined after the container is created and before it starts
 * (Docker and podman create a container with one network only), so the application sees
 * both interfaces from its first instruction.
 */
final class TwoNetworkContainer extends GenericContainer<TwoNetworkContainer> {

	private final Network second;

	private final String address;

	private final String alias;

	TwoNetworkContainer(Future<String> image, Network second, String address, String alias) {
		super(image);
		this.second = second;
		this.address = address;
		this.alias = alias;
	}

	@Override
	protected void containerIsCreated(String containerId) {
		super.containerIsCreated(containerId);
		getDockerClient().connectToNetworkCmd()
			.withNetworkId(this.second.getId())
			.withContainerId(containerId)
			.withContainerNetwork(new ContainerNetwork().withAliases(this.alias)
				.withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(this.address)))
			.exec();
	}

}
