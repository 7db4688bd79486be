package dev.tandem.gateway.edge;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tandem.shared.TandemHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A stand-in for a was-node that records every request the moment its head arrives,
 * before any body, so a request the gateway started to forward counts even if its body
 * never completes. Answers with its id (body and {@code X-Tandem-Node}); the gateway's
 * health probes are recorded apart and can be answered 503, as by a node that is
 * draining.
 */
final class RecordingMember implements AutoCloseable {

	/** The User-Agent of the gateway's health probes. */
	private static final String HEALTH_PROBE_USER_AGENT = "tandem-health-check";

	/**
	 * One request as the member received it.
	 *
	 * @param method the method
	 * @param uri the request target exactly as it arrived
	 * @param headers the headers as they arrived
	 * @param body the body, completed with {@code null} when it never arrived whole
	 */
	record Received(String method, String uri, HttpHeaders headers, CompletableFuture<String> body) {

		/** The body, or empty when the connection ended before it was complete. */
		Optional<String> completeBody() {
			return Optional.ofNullable(this.body.join());
		}

		@Override
		public String toString() {
			return this.method + " " + this.uri + " " + this.headers;
		}

	}

	private final String id;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private volatile boolean failingProbes;

	private final DisposableServer server;

	private volatile boolean stopped;

	private RecordingMember(String id) {
		this.id = id;
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			// Larger than the gateway's header limit, so the gateway's limit is what is
			// tested.
			.httpRequestDecoder((decoder) -> decoder.maxHeaderSize(64 * 1024))
			.handle(this::answer)
			.bindNow();
	}

	static RecordingMember start(String id) {
		return new RecordingMember(id);
	}

	/** Point the gateway's member {@code index} at this stub. */
	void register(DynamicPropertyRegistry registry, int index, int tier) {
		String member = "tandem.gateway.members[" + index + "].";
		registry.add(member + "id", () -> this.id);
		registry.add(member + "uri", () -> "http://127.0.0.1:" + this.server.port());
		registry.add(member + "tier", () -> tier);
	}

	private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
		HttpHeaders headers = new HttpHeaders();
		request.requestHeaders().forEach((header) -> headers.add(header.getKey(), header.getValue()));
		boolean probe = HEALTH_PROBE_USER_AGENT.equals(headers.getFirst(HttpHeaders.USER_AGENT));
		CompletableFuture<String> body = new CompletableFuture<>();
		if (!probe) {
			this.received.add(new Received(request.method().name(), request.uri(), headers, body));
		}
		return request.receive()
			.aggregate()
			.asString(StandardCharsets.ISO_8859_1)
			.defaultIfEmpty("")
			.doOnNext(body::complete)
			.doFinally((signal) -> body.complete(null))
			.flatMap((text) -> {
				if (probe && this.failingProbes) {
					return response.status(HttpResponseStatus.SERVICE_UNAVAILABLE).sendString(Mono.just("DOWN")).then();
				}
				return response.header(TandemHeaders.NODE, this.id).sendString(Mono.just(this.id)).then();
			});
	}

	String id() {
		return this.id;
	}

	/** Every request received apart from health probes, in order. */
	List<Received> received() {
		return List.copyOf(this.received);
	}

	void forget() {
		this.received.clear();
	}

	/** Answer health probes with 503, as a node whose readiness went down does. */
	void failProbes() {
		this.failingProbes = true;
	}

	/** Stop listening, like a dead process: connections are refused. */
	void stop() {
		if (!this.stopped) {
			this.stopped = true;
			this.server.disposeNow();
		}
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
