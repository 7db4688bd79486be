package dev.tandem.gateway.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.tandem.shared.TandemHeaders;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.HttpHeaders;

/**
 * An in-process stand-in for a was-node: a Reactor Netty server on a free port of
 * 127.0.0.1 that answers every request with its own id (body and {@code X-Tandem-Node})
 * and records what it received, so tests can assert on what reached the member rather
 * than on what the client saw.
 * <p>
 * A request is recorded the moment its head arrives, before its body, so a request the
 * gateway started to forward counts even if its body never completes; its body is
 * available once it has arrived whole. The gateway's own health probes (told apart by
 * their User-Agent) are recorded apart, so they never count as traffic.
 * <p>
 * It can be stopped like a killed process (open connections closed, new ones refused) and
 * started again on the same port; told to drop connections without answering, or to hang:
 * read the request and never answer (probes included); or told to fail only its health
 * probes with 503, as a node that is not ready or draining, while its traffic is still
 * served. Usually created through {@link StubMembers}.
 */
public final class StubMember implements AutoCloseable {

	/** The User-Agent of the gateway's health probes (its HttpHealthProbe.USER_AGENT). */
	public static final String HEALTH_PROBE_USER_AGENT = "tandem-health-check";

	/** How long {@link Received#body()} waits for a body still on its way. */
	private static final long BODY_WAIT_SECONDS = 10;

	/**
	 * One request as the member received it.
	 *
	 * @param method the method
	 * @param uri the request target exactly as it arrived, path and query
	 * @param headers the headers as they arrived
	 * @param status the status the member answered with, or 0 when it dropped the
	 * connection or hung
	 * @param arrivingBody completed with the body (UTF-8) once it arrived whole, or with
	 * {@code null} when the connection ended before it did
	 */
	public record Received(String method, String uri, HttpHeaders headers, int status,
			CompletableFuture<String> arrivingBody) {

		/** The path of the request target, without its query. */
		public String path() {
			int query = this.uri.indexOf('?');
			return (query >= 0) ? this.uri.substring(0, query) : this.uri;
		}

		/**
		 * The body, or empty when the connection ended before it was complete. Waits for
		 * a body still on its way, a few seconds at most.
		 */
		public Optional<String> completeBody() {
			try {
				return Optional.ofNullable(this.arrivingBody.get(BODY_WAIT_SECONDS, TimeUnit.SECONDS));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			catch (ExecutionException | TimeoutException ex) {
				throw new AssertionError("the body of " + this + " neither arrived nor ended", ex);
			}
		}

		/** The whole body; fails when it never arrived whole. */
		public String body() {
			return completeBody().orElseThrow(() -> new AssertionError("the body of " + this + " never arrived whole"));
		}

		@Override
		public String toString() {
			return this.method + " " + this.uri + " " + this.headers;
		}

	}

	private final String id;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final List<Received> probes = new CopyOnWriteArrayList<>();

	private volatile boolean dropping;

	private volatile boolean hanging;

	private volatile boolean failingProbes;

	/**
	 * The only page that answers probes, with {@link #plainPageStatus}, while every other
	 * probed path gets 404, as on a stock Tomcat; {@code null} to answer every path.
	 */
	private volatile String plainPage;

	private volatile int plainPageStatus;

	/** The readiness body probes get, {@code null} for a plain {@code 200}. */
	private volatile String readiness;

	/** The view named in {@code X-Tandem-View} on every answer, {@code null} for none. */
	private volatile String answerView;

	/** Status and headers every answer gets instead of 200, {@code null} for none. */
	private volatile CustomAnswer customAnswer;

	/** Every accepted connection, so stopping can close them as a dying process would. */
	private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

	private volatile DisposableServer server;

	private volatile int port;

	private StubMember(String id) {
		this.id = id;
	}

	/** A member listening on a free port. */
	public static StubMember start(String id) {
		StubMember member = new StubMember(id);
		member.bind(0);
		return member;
	}

	private void bind(int port) {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			// Larger than the gateway's header limit, so that limit is what is tested.
			.httpRequestDecoder((decoder) -> decoder.maxHeaderSize(64 * 1024))
			.doOnChannelInit((observer, channel, address) -> this.connections.add(channel))
			.handle(this::answer)
			.bindNow();
		this.port = this.server.port();
	}

	private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
		HttpHeaders headers = new HttpHeaders();
		request.requestHeaders().forEach((header) -> headers.add(header.getKey(), header.getValue()));
		boolean probe = HEALTH_PROBE_USER_AGENT.equals(headers.getFirst(HttpHeaders.USER_AGENT));
		boolean dropping = this.dropping;
		boolean hanging = this.hanging;
		HttpResponseStatus status = probeStatus(probe, request.uri());
		CompletableFuture<String> body = new CompletableFuture<>();
		(probe ? this.probes : this.received).add(new Received(request.method().name(), request.uri(), headers,
				(dropping || hanging) ? 0 : status.code(), body));
		return request.receive()
			.aggregate()
			.asString(StandardCharsets.UTF_8)
			.defaultIfEmpty("")
			.doOnNext(body::complete)
			.doFinally((signal) -> body.complete(null))
			.flatMap((text) -> {
				if (dropping) {
					// Close before any byte of the answer:
					// the gateway sees a premature close.
					response.withConnection((connection) -> connection.channel().close());
					return Mono.never();
				}
				if (hanging) {
					// Like a stopped process: connection stays open, nothing comes back.
					return Mono.never();
				}
				if (status != HttpResponseStatus.OK) {
					return response.status(status).sendString(Mono.just("DOWN")).then();
				}
				String readiness = this.readiness;
				if (probe && readiness != null) {
					return response.header(HttpHeaders.CONTENT_TYPE, "application/json")
						.sendString(Mono.just(readiness))
						.then();
				}
				CustomAnswer custom = this.customAnswer;
				if (custom != null) {
					response.status(custom.status());
					custom.headers().forEach((name, values) -> response.responseHeaders().add(name, values));
				}
				String view = this.answerView;
				if (view != null) {
					response.header(TandemHeaders.VIEW, view);
				}
				return response.header(TandemHeaders.NODE, this.id).sendString(Mono.just(this.id)).then();
			});
	}

	private HttpResponseStatus probeStatus(boolean probe, String uri) {
		String page = this.plainPage;
		if (probe && page != null) {
			return page.equals(new QueryStringDecoder(uri).path()) ? HttpResponseStatus.valueOf(this.plainPageStatus)
					: HttpResponseStatus.NOT_FOUND;
		}
		return (probe && this.failingProbes) ? HttpResponseStatus.SERVICE_UNAVAILABLE : HttpResponseStatus.OK;
	}

	public String id() {
		return this.id;
	}

	public int port() {
		return this.port;
	}

	/** Where the gateway reaches this member. */
	public String uri() {
		return "http://127.0.0.1:" + this.port;
	}

	/** Every request received apart from health probes, in order of arrival. */
	public List<Received> received() {
		return List.copyOf(this.received);
	}

	/** The gateway's health probes this member received, apart from the traffic. */
	public List<Received> probes() {
		return List.copyOf(this.probes);
	}

	/** The bodies of the requests received, in order; each must have arrived whole. */
	public List<String> bodies() {
		return this.received.stream().map(Received::body).toList();
	}

	/** The request URIs received, path and query, in order. */
	public List<String> uris() {
		return this.received.stream().map(Received::uri).toList();
	}

	/** Forget every request and probe received so far. */
	public void forget() {
		this.received.clear();
		this.probes.clear();
	}

	/**
	 * Stop like a killed process: close every open connection (the gateway's pooled
	 * keep-alive connections too) and stop listening, so new connections are refused.
	 */
	public synchronized void stop() {
		DisposableServer running = this.server;
		if (running != null) {
			running.disposeNow();
			this.connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
			this.server = null;
		}
	}

	/**
	 * Listen again on its port after {@link #stop()}; answer traffic and probes normally.
	 */
	public void restart() {
		restore(true, false);
	}

	/**
	 * Answer normally again, with probes failing or not, and listen or not, without a
	 * moment in another state.
	 */
	synchronized void restore(boolean listening, boolean failingProbes) {
		this.dropping = false;
		this.hanging = false;
		this.failingProbes = failingProbes;
		this.readiness = null;
		this.answerView = null;
		this.customAnswer = null;
		if (!listening) {
			stop();
		}
		else if (this.server == null) {
			bind(this.port);
		}
	}

	/** Whether it listens, that is, has not been stopped since it last started. */
	public boolean running() {
		return this.server != null;
	}

	/**
	 * Report a session-cluster view in the readiness answer, as a was-node does: the
	 * members' addresses (this member's own is marked local) and the view's id.
	 * @param viewId the view's id
	 * @param self this member's cluster address
	 * @param members every member's cluster address in the view
	 */
	public void reportView(String viewId, String self, String... members) {
		StringBuilder list = new StringBuilder();
		for (String member : members) {
			list.append((list.length() > 0) ? "," : "")
				.append("{\"address\":\"")
				.append(member)
				.append("\",\"local\":")
				.append(member.equals(self))
				.append('}');
		}
		this.readiness = "{\"status\":\"UP\",\"components\":{\"sessionCluster\":{\"status\":\"UP\","
				+ "\"details\":{\"clusterSize\":" + members.length + ",\"memberList\":[" + list + "],\"viewId\":\""
				+ viewId + "\",\"clusterSafe\":true,\"localMemberSafe\":true}}}}";
	}

	/**
	 * Name this view in {@code X-Tandem-View} on every answer, as a was-node does.
	 * @param viewId the view, {@code null} for no header
	 */
	public void answerInView(String viewId) {
		this.answerView = viewId;
	}

	/**
	 * Answer traffic (not probes) with this status and these headers besides the usual
	 * ones, as an application that redirects or sets cookies does.
	 * @param status the status, such as 302
	 * @param headers the extra headers
	 */
	public void answerWith(int status, HttpHeaders headers) {
		this.customAnswer = new CustomAnswer(status, HttpHeaders.readOnlyHttpHeaders(headers));
	}

	private record CustomAnswer(int status, HttpHeaders headers) {
	}

	/** Read each request, then close the connection without a byte of answer. */
	public void dropConnections() {
		this.dropping = true;
	}

	/** Read each request, then never answer, keeping the connection open. */
	public void hang() {
		this.hanging = true;
	}

	/**
	 * Answer like a plain web server without a readiness endpoint (a stock Tomcat): a
	 * probe of the given page gets the given status, a probe of any other path 404. Kept
	 * across {@link #restart()}.
	 * @param page the only page there is, such as {@code /session.jsp}
	 * @param status what it answers, such as 302
	 */
	public void answerLikeAPlainServer(String page, int status) {
		this.plainPageStatus = status;
		this.plainPage = page;
	}

	/**
	 * Answer the gateway's health probes with 503, as a member not ready or draining
	 * does, while still serving its traffic; {@code false} answers them normally again.
	 */
	public void failProbes(boolean failing) {
		this.failingProbes = failing;
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
