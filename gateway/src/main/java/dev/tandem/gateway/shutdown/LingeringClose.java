package dev.tandem.gateway.shutdown;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * Closes a client connection the way nginx's {@code lingering_close} does, but only while
 * the gateway drains: the gateway's side is shut down (the client reads the whole answer
 * and then the end of the stream) while whatever the client still sends is read and
 * dropped, and the connection is closed once the client closes its side, or after the
 * lingering timeout. A plain close while the client is still sending a request body (an
 * answer that came before the body did) makes the kernel reset the connection, and a
 * reset can destroy the answer the client has not read yet. Outside a drain, closes are
 * passed on unchanged. One instance per connection, first in its pipeline.
 */
final class LingeringClose extends ChannelDuplexHandler {

	static final String NAME = "tandemLingeringClose";

	private final LingeringConnections connections;

	private boolean lingering;

	LingeringClose(LingeringConnections connections) {
		this.connections = connections;
	}

	@Override
	public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
		Channel channel = ctx.channel();
		if (this.lingering) {
			// Reactor Netty closes a connection more than once (when the request ends and
			// when it is released); the lingering close decides when it really closes.
			channel.closeFuture().addListener((closed) -> promise.trySuccess());
			return;
		}
		if (!this.connections.isDraining() || !channel.isActive() || !(channel instanceof DuplexChannel duplex)
				|| duplex.isInputShutdown()) {
			ctx.close(promise);
			return;
		}
		this.lingering = true;
		this.connections.add(channel);
		Duration timeout = this.connections.timeout();
		// Reactor Netty closes once the answer's last write has completed; the shut-down
		// output follows it as the end of the stream. Like a plain close, this would drop
		// writes still pending.
		duplex.shutdownOutput().addListener((shutdown) -> {
			if (!shutdown.isSuccess()) {
				ctx.close(promise);
				return;
			}
			channel.config().setAutoRead(true);
			ctx.read();
			ctx.executor().schedule(() -> ctx.close(promise), timeout.toMillis(), TimeUnit.MILLISECONDS);
		});
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
		if (this.lingering) {
			// The request is over for the gateway: drop the rest of its body unread.
			ReferenceCountUtil.release(msg);
			return;
		}
		super.channelRead(ctx, msg);
	}

}
