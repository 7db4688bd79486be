package dev.tandem.gateway;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.tandem.shared.TandemHeaders;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.GlobalEventExecutor;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An in-process stand-in for a was-node: a Reactor Netty server on a free port that
 * answers every request with its own id (body and {@code X-Tandem-Node}) and records what
 * it received, so tests can assert on what reached the member rather than on what the
 * client saw. The gateway's own health probes are recorded apart, so they never count as
 * traffic. It can be stopped (connections refused) and started again on the same port,
 * told to drop connections without answering, or to hang: read the request and never
 * answer (probes included); or told to fail only its health probes with 503 while its
 * traffic is still served.
 */
final class StubMember implements AutoCloseable {

	/** One request as the member received it. */
	record Received(String method, String uri, HttpHeaders headers, String body) {

		String path() {
			int query = this.uri.indexOf('?');
			return (query >= 0) ? this.uri.substring(0, query) : this.uri;
		}

	}

	private final String id;

	/** The User-Agent of the gateway's health probes (its HttpHealthProbe.USER_AGENT). */
	static final String HEALTH_PROBE_USER_AGENT = "tandem-health-check";

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final List<Received> probes = new CopyOnWriteArrayList<>();

	private volatile boolean dropping;

	private volatile boolean hanging;

	private volatile boolean failingProbes;

	/** Every accepted connection, so stopping can close them as a dying process would. */
	private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

	private volatile DisposableServer server;

	private int port;

	private StubMember(String id) {
		this.id = id;
	}

	static StubMember start(String id) {
		StubMember member = new StubMember(id);
		member.bind(0);
		return member;
	}

	/**
	 * Point the gateway's member {@code index} at this stub.
	 */
	void register(DynamicPropertyRegistry registry, int index, int tier) {
		String member = "tandem.gateway.members[" + index + "].";
		registry.add(member + "id", () -> this.id);
		registry.add(member + "uri", () -> "http://127.0.0.1:" + this.port);
		registry.add(member + "tier", () -> tier);
	}

	/**
	 * Point the gateway's member {@code index} at this stub, with a weight.
	 */
	void register(DynamicPropertyRegistry registry, int index, int tier, int weight) {
		register(registry, index, tier);
		registry.add("tandem.gateway.members[" + index + "].weight", () -> weight);
	}

	private void bind(int port) {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.doOnChannelInit((observer, channel, address) -> this.connections.add(channel))
			.handle(this::answer)
			.bindNow();
		this.port = this.server.port();
	}

	private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
		return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap((body) -> {
			HttpHeaders headers = new HttpHeaders();
			request.requestHeaders().forEach((header) -> headers.add(header.getKey(), header.getValue()));
			Received one = new Received(request.method().name(), request.uri(), headers, body);
			boolean probe = HEALTH_PROBE_USER_AGENT.equals(headers.getFirst(HttpHeaders.USER_AGENT));
			(probe ? this.probes : this.received).add(one);
			if (this.dropping) {
				// Close before any byte of the answer: the gateway sees a premature
				// close.
				response.withConnection((connection) -> connection.channel().close());
				return Mono.never();
			}
			if (this.hanging) {
				// Like a stopped process: the connection stays open, nothing comes back.
				return Mono.never();
			}
			if (probe && this.failingProbes) {
				return response.status(HttpResponseStatus.SERVICE_UNAVAILABLE).sendString(Mono.just("DOWN")).then();
			}
			return response.header(TandemHeaders.NODE, this.id).sendString(Mono.just(this.id)).then();
		});
	}

	String id() {
		return this.id;
	}

	int port() {
		return this.port;
	}

	List<Received> received() {
		return List.copyOf(this.received);
	}

	/** The gateway's health probes this member received, apart from the traffic. */
	List<Received> probes() {
		return List.copyOf(this.probes);
	}

	void forget() {
		this.received.clear();
		this.probes.clear();
	}

	/**
	 * Stop like a killed process: close every open connection (the gateway's pooled
	 * keep-alive connections too) and stop listening, so new connections are refused.
	 */
	void stop() {
		DisposableServer running = this.server;
		if (running != null) {
			running.disposeNow();
			this.connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
			this.server = null;
		}
	}

	/**
	 * Listen again on the same port after {@link #stop()}, answering traffic and probes
	 * normally.
	 */
	void restart() {
		this.dropping = false;
		this.hanging = false;
		this.failingProbes = false;
		if (this.server == null) {
			bind(this.port);
		}
	}

	/** Read each request, then close the connection without a byte of answer. */
	void dropConnections() {
		this.dropping = true;
	}

	/** Read each request, then never answer, keeping the connection open. */
	void hang() {
		this.hanging = true;
	}

	/**
	 * Answer the gateway's health probes with 503, as a member that is not ready does,
	 * while still serving its traffic; {@code false} answers them normally again.
	 */
	void failProbes(boolean failing) {
		this.failingProbes = failing;
	}

	/**
	 * The bodies of the requests received, in order.
	 */
	List<String> bodies() {
		return this.received.stream().map(Received::body).toList();
	}

	/**
	 * The request URIs received, path and query, in order.
	 */
	List<String> uris() {
		return this.received.stream().map(Received::uri).toList();
	}

	@Override
	public String toString() {
		return this.id;
	}

	@Override
	public void close() {
		stop();
	}

}
