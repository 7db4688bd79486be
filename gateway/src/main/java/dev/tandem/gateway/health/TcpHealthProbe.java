package dev.tandem.gateway.health;

import java.time.Duration;
import java.util.function.Function;

import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.tcp.TcpClient;

/**
 * Probes a member by opening a TCP connection to its host and port and closing it at
 * once, as HAProxy's {@code check} does without {@code option httpchk}: a member that
 * accepts the connection passes. For a member with no health page, such as a stock
 * Tomcat; it proves the port is open, not that the application answers. Non-blocking: the
 * connect runs on Reactor Netty's event loops with its own name resolver.
 */
final class TcpHealthProbe implements Function<HealthTarget, Mono<ProbeResult>> {

	/** The reason of a passed probe, where an HTTP probe shows its status. */
	static final String CONNECTED = "connected";

	private final TcpClient client;

	TcpHealthProbe(Duration timeout) {
		// A new connection per probe, never a pooled one, so each probe proves the member
		// still accepts connections.
		this.client = TcpClient.newConnection().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis());
	}

	/**
	 * Load the client's event loops and resolver now, on the calling thread, so the first
	 * TCP probe is not failed by its own start-up cost. Blocks: call it at start-up,
	 * never on an event loop.
	 */
	void warmup() {
		this.client.warmup().block();
	}

	@Override
	public Mono<ProbeResult> apply(HealthTarget target) {
		return Mono.defer(() -> {
			long started = System.nanoTime();
			return this.client.host(target.uri().getHost())
				.port(target.port())
				.connect()
				.map((connection) -> passed(connection, started));
		});
	}

	private static ProbeResult passed(Connection connection, long started) {
		connection.dispose();
		long latency = (System.nanoTime() - started) / 1_000_000;
		return new ProbeResult(true, CONNECTED, latency, null);
	}

}
