package dev.tandem.gateway.transport;

import java.util.Optional;

import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import reactor.netty.resources.LoopResources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link NettyTransport} read from real Reactor Netty loop resources: NIO when no native
 * transport is asked for, epoll on the Linux architectures the gateway jar carries
 * Netty's epoll library for.
 */
class NettyTransportTests {

	private final LoopResources resources = LoopResources.create("transport-test", 1, true);

	@AfterEach
	void dispose() {
		this.resources.dispose();
	}

	@Test
	void shouldNameNioWhenNoNativeTransportIsAskedFor() {
		NettyTransport transport = NettyTransport.of(this.resources, false);

		assertThat(transport.name()).isEqualTo("nio");
		assertThat(transport.serverChannel()).isEqualTo(NioServerSocketChannel.class);
	}

	@Test
	@EnabledOnOs(value = OS.LINUX, architectures = { "amd64", "aarch64" })
	void shouldNameEpollOnLinuxWhereNettyShipsIt() {
		NettyTransport transport = NettyTransport.of(this.resources, true);

		assertThat(transport.name()).isEqualTo("epoll");
		assertThat(transport.serverChannel()).isEqualTo(EpollServerSocketChannel.class);
		assertThat(transport.epollUnavailable()).isEmpty();
		assertThat(transport.describe()).isEqualTo(
				"Network transport: epoll (io.netty.channel.epoll.EpollServerSocketChannel); native epoll available");
	}

	@Test
	void shouldSayWhyEpollIsUnavailable() {
		NettyTransport transport = new NettyTransport("nio", NioServerSocketChannel.class, Optional
			.of("java.io.FileNotFoundException: META-INF/native/libnetty_transport_native_epoll_arm_32.so"));

		assertThat(transport.describe()).isEqualTo("Network transport: nio (io.netty.channel.socket.nio."
				+ "NioServerSocketChannel); native epoll unavailable: java.io.FileNotFoundException: "
				+ "META-INF/native/libnetty_transport_native_epoll_arm_32.so");
	}

}
