package bench.floor;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * The floor of Tandem's benchmark: the plainest HTTP proxy the gateway jar's own Reactor Netty allows, so
 * the benchmark can show what a proxied request costs on that stack before any gateway machinery. An
 * {@code HttpServer} on 127.0.0.1 hands each request to an {@code HttpClient} with a keep-alive connection
 * pool, to the members in plain round robin (one counter); method, URI and headers are copied (without the
 * hop-by-hop headers; the client sets {@code Host}), request and response bodies are streamed, status and
 * headers copied back, and a member that fails gives a 502 with a one-line body.
 * <p>
 * It leaves out everything else a gateway does: no Spring, no routes, weights, stickiness, health checks,
 * failover or retries, no forwarding headers, no response timeout, no metrics, no access log.
 *
 * <pre>java -cp ... bench.floor.FloorProxy PORT http://127.0.0.1:MEMBER_PORT ...</pre>
 */
public final class FloorProxy {

	/** Headers of one connection only (RFC 9110, 7.6.1), never forwarded. */
	private static final List<AsciiString> HOP_BY_HOP = List.of(HttpHeaderNames.CONNECTION,
			AsciiString.cached("keep-alive"), AsciiString.cached("proxy-connection"), HttpHeaderNames.TE,
			HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE);

	private final List<String> members;

	private final AtomicInteger next = new AtomicInteger();

	private final HttpClient client;

	private FloorProxy(List<String> members) {
		this.members = members;
		// The pool's idle and life times are the gateway's (application.yml), so neither keeps stale
		// connections to the members longer than the other.
		ConnectionProvider pool = ConnectionProvider.builder("members")
			.maxConnections(64)
			.maxIdleTime(Duration.ofSeconds(15))
			.maxLifeTime(Duration.ofMinutes(5))
			.build();
		this.client = HttpClient.create(pool).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 1000);
	}

	public static void main(String[] args) {
		if (args.length < 2) {
			System.err.println("usage: FloorProxy PORT MEMBER_URI ...");
			System.exit(2);
		}
		FloorProxy proxy = new FloorProxy(List.of(args).subList(1, args.length));
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(Integer.parseInt(args[0]))
			.handle(proxy::forward)
			.bindNow();
		System.out.println("FloorProxy listening on http://127.0.0.1:" + server.port() + ", members " + proxy.members);
		server.onDispose().block();
	}

	private Publisher<Void> forward(HttpServerRequest request, HttpServerResponse response) {
		String member = this.members.get(Math.floorMod(this.next.getAndIncrement(), this.members.size()));
		// Headers go in through the client's configuration, like Spring Cloud Gateway's NettyRoutingFilter:
		// there the client sees a copied Content-Length before it decides on chunked transfer.
		return this.client.headers((headers) -> copyEndToEnd(request.requestHeaders(), headers))
			.request(request.method())
			.uri(member + request.uri())
			.send((memberRequest, body) -> body.send(request.receive().retain()))
			.response((memberResponse, body) -> {
				response.status(memberResponse.status());
				// The server's own Transfer-Encoding stays; Reactor Netty drops it when a Content-Length came.
				copyEndToEnd(memberResponse.responseHeaders(), response.responseHeaders());
				return response.send(body.retain());
			})
			.then()
			.onErrorResume((failure) -> response.hasSentHeaders() ? Mono.error(failure)
					: response.status(HttpResponseStatus.BAD_GATEWAY)
						.header(HttpHeaderNames.CONTENT_TYPE, "text/plain")
						.sendString(Mono.just("Bad gateway: the member did not answer.\n"))
						.then());
	}

	/** Adds every header of FROM to TO except the hop-by-hop ones and Host. */
	private static void copyEndToEnd(HttpHeaders from, HttpHeaders to) {
		Iterator<Map.Entry<CharSequence, CharSequence>> headers = from.iteratorCharSequence();
		while (headers.hasNext()) {
			Map.Entry<CharSequence, CharSequence> header = headers.next();
			if (!isHopByHop(header.getKey()) && !HttpHeaderNames.HOST.contentEqualsIgnoreCase(header.getKey())) {
				to.add(header.getKey(), header.getValue());
			}
		}
	}

	private static boolean isHopByHop(CharSequence name) {
		for (AsciiString hopByHop : HOP_BY_HOP) {
			if (hopByHop.contentEqualsIgnoreCase(name)) {
				return true;
			}
		}
		return false;
	}

}
