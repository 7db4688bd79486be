package dev.tandem.gateway.transport;

import java.util.Locale;
import java.util.Optional;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.socket.ServerSocketChannel;
import reactor.netty.resources.LoopResources;

/**
 * The transport Reactor Netty uses for server channels, as its own loop resources choose
 * it: {@code epoll}, {@code kqueue}, {@code iouring} or {@code nio}, named after the
 * server channel class without its {@code ServerSocketChannel} suffix. When that is not
 * epoll, why native epoll is unavailable is kept too (Netty ships no epoll library for
 * 32-bit ARM, for one).
 *
 * @param name the transport's short name, such as {@code epoll} or {@code nio}
 * @param serverChannel the server channel class Reactor Netty opens
 * @param epollUnavailable why Netty cannot load native epoll, empty when it can
 */
public record NettyTransport(String name, Class<?> serverChannel, Optional<String> epollUnavailable) {

	private static final String SUFFIX = "ServerSocketChannel";

	/**
	 * The transport the given loop resources give server channels.
	 * @param resources the loop resources the server runs on
	 * @param preferNative whether the server asks for a native transport, as Reactor
	 * Netty does by default ({@link LoopResources#DEFAULT_NATIVE})
	 * @return the transport
	 */
	static NettyTransport of(LoopResources resources, boolean preferNative) {
		// The group the server already runs on: the loop resources keep it once made.
		EventLoopGroup group = resources.onServer(preferNative);
		Class<? extends ServerSocketChannel> channel = resources.onChannelClass(ServerSocketChannel.class, group);
		String simpleName = channel.getSimpleName();
		String name = (simpleName.endsWith(SUFFIX) ? simpleName.substring(0, simpleName.length() - SUFFIX.length())
				: simpleName)
			.toLowerCase(Locale.ROOT);
		return new NettyTransport(name, channel, whyNoEpoll());
	}

	private static Optional<String> whyNoEpoll() {
		if (Epoll.isAvailable()) {
			return Optional.empty();
		}
		Throwable cause = Epoll.unavailabilityCause();
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return Optional.of(cause.toString());
	}

	/**
	 * One line for the log: the transport, its channel class and, if so, why not epoll.
	 */
	String describe() {
		String line = "Network transport: " + this.name + " (" + this.serverChannel.getName() + ")";
		return this.epollUnavailable.map((reason) -> line + "; native epoll unavailable: " + reason)
			.orElse(line + "; native epoll available");
	}

}
