package dev.tandem.gateway.health;

import java.time.Duration;
import java.util.function.Function;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * Probes a member with {@code GET <uri><path>} over one shared Reactor Netty
 * {@link HttpClient}: only a status the target expects (a 2xx unless configured) passes;
 * redirects are not followed, and the body is read up to {@value #MAX_BODY_BYTES} bytes
 * for the node's session-cluster view. Every probe uses a new connection
 * ({@code Connection: close}), as HAProxy's checks do, so it proves a member still
 * accepts connections, and a pooled connection that the member has closed can never fail
 * it falsely.
 */
final class HttpHealthProbe implements Function<HealthTarget, Mono<ProbeResult>>, AutoCloseable {

	/**
	 * Sent with every probe so a member's logs (and test stubs) can tell probes apart.
	 */
	static final String USER_AGENT = "tandem-health-check";

	/** A readiness answer is a few hundred bytes; more is read no further. */
	static final int MAX_BODY_BYTES = 64 * 1024;

	/** Room for this many members even when fewer are configured at start. */
	static final int MIN_MEMBERS = 8;

	private final ConnectionProvider connections;

	private final HttpClient client;

	HttpHealthProbe(Duration timeout, int members) {
		// At most one probe per member is in flight; the slack covers a connection that
		// is still closing when the member's next probe starts, and members added at
		// runtime. Connections are opened only when needed, so the room costs nothing.
		this.connections = ConnectionProvider.builder("tandem-health")
			.maxConnections(2 * Math.max(MIN_MEMBERS, members))
			.pendingAcquireTimeout(timeout)
			.build();
		this.client = HttpClient.create(this.connections)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
			.responseTimeout(timeout)
			.followRedirect(false)
			.keepAlive(false)
			// Reactor Netty would resend a request whose connection closed early; a
			// probe reports what it saw instead.
			.disableRetry(true)
			.headers((headers) -> headers.set(HttpHeaderNames.USER_AGENT, USER_AGENT));
	}

	/**
	 * Load the client's event loops, native transport and resolver now, on the calling
	 * thread, so the first probe is not failed by its own start-up cost. Blocks: call it
	 * at start-up, never on an event loop.
	 */
	void warmup() {
		this.client.warmup().block();
	}

	@Override
	public Mono<ProbeResult> apply(HealthTarget target) {
		return Mono.defer(() -> {
			long started = System.nanoTime();
			return this.client.get()
				.uri(target.uri())
				.response((response, body) -> body
					// Copied out because Reactor Netty releases each buffer after this
					// map; at most MAX_BODY_BYTES are kept.
					.map(HttpHealthProbe::bytes)
					.scan(new byte[0], HttpHealthProbe::append)
					.takeUntil((read) -> read.length >= MAX_BODY_BYTES)
					.last(new byte[0])
					.map((read) -> result(target, response, read, started)))
				.next();
		});
	}

	private static byte[] bytes(ByteBuf buffer) {
		byte[] bytes = new byte[Math.min(buffer.readableBytes(), MAX_BODY_BYTES)];
		buffer.getBytes(buffer.readerIndex(), bytes);
		return bytes;
	}

	private static byte[] append(byte[] read, byte[] more) {
		int length = Math.min(MAX_BODY_BYTES, read.length + more.length);
		byte[] joined = java.util.Arrays.copyOf(read, length);
		System.arraycopy(more, 0, joined, read.length, length - read.length);
		return joined;
	}

	private static ProbeResult result(HealthTarget target, HttpClientResponse response, byte[] body, long started) {
		int status = response.status().code();
		String reason = Integer.toString(status);
		long latency = (System.nanoTime() - started) / 1_000_000;
		// A not-ready node's answer (503) still carries its view, which the dashboard
		// shows: "down, sees 1 of 3".
		return new ProbeResult(target.expectedStatus().matches(status), reason, latency,
				SessionClusterView.parse(body));
	}

	boolean isClosed() {
		return this.connections.isDisposed();
	}

	@Override
	public void close() {
		this.connections.dispose();
	}

}
