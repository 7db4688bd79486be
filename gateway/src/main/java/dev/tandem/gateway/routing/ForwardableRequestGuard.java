package dev.tandem.gateway.routing;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.tandem.gateway.GatewayPipeline;
import dev.tandem.gateway.GatewayWebStage;
import io.netty.handler.codec.http.HttpVersion;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses, before anything reaches a member, the requests Reactor Netty parses but a
 * careful HTTP/1.1 server must not act on (RFC 9112): a version other than HTTP/1.0 or
 * 1.1, a request target with bytes outside printable ASCII, {@code TRACE} and
 * {@code CONNECT} (405), an HTTP/1.1 request without exactly one valid {@code Host}, and
 * a {@code Transfer-Encoding} other than a single {@code chunked} or one beside a
 * {@code Content-Length} (400). Each refusal closes the connection, because the rest of
 * its bytes cannot be framed reliably.
 */
class ForwardableRequestGuard implements GatewayWebStage {

	/** A DNS name, IPv4 or bracketed IPv6 address, with an optional port. */
	private static final Pattern HOST = Pattern.compile("(?:[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");

	// Spring has no HttpMethod constant for CONNECT, hence names.
	private static final List<String> REFUSED_METHODS = List.of("TRACE", "CONNECT");

	@Override
	public int getOrder() {
		return GatewayPipeline.FORWARDABLE_REQUEST_GUARD;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpServerRequest request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
		Optional<HttpStatus> refusal = judge(request.version(), request.method().name(), request.uri(),
				request.requestHeaders());
		if (refusal.isEmpty()) {
			return chain.filter(exchange);
		}
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(refusal.get());
		response.getHeaders().set(HttpHeaders.CONNECTION, "close");
		return response.setComplete();
	}

	/**
	 * Judge a request by its head as Reactor Netty decoded it.
	 * @param version the request's version
	 * @param method the request's method
	 * @param target the request target as received
	 * @param headers the request's headers
	 * @return the status to refuse it with, empty to forward it
	 */
	static Optional<HttpStatus> judge(HttpVersion version, String method, String target,
			io.netty.handler.codec.http.HttpHeaders headers) {
		if (!"HTTP".equals(version.protocolName()) || version.majorVersion() != 1 || version.minorVersion() > 1
				|| !isPrintableAscii(target)) {
			return Optional.of(HttpStatus.BAD_REQUEST);
		}
		if (REFUSED_METHODS.contains(method)) {
			return Optional.of(HttpStatus.METHOD_NOT_ALLOWED);
		}
		List<String> hosts = headers.getAll(HttpHeaders.HOST);
		boolean hostRequired = version.minorVersion() == 1;
		if (hosts.size() > 1 || (hostRequired && hosts.isEmpty())
				|| (hosts.size() == 1 && !HOST.matcher(hosts.get(0)).matches())) {
			return Optional.of(HttpStatus.BAD_REQUEST);
		}
		List<String> codings = headers.getAll(HttpHeaders.TRANSFER_ENCODING);
		if (!codings.isEmpty() && (codings.size() > 1 || !"chunked".equalsIgnoreCase(codings.get(0))
				|| headers.contains(HttpHeaders.CONTENT_LENGTH))) {
			return Optional.of(HttpStatus.BAD_REQUEST);
		}
		return Optional.empty();
	}

	// RFC 3986 allows only printable ASCII in a request target; Netty reads other bytes
	// as ISO-8859-1, and the member would get a different path than the client meant.
	private static boolean isPrintableAscii(String target) {
		// A plain loop: this runs for every request, and a stream would allocate.
		for (int i = 0; i < target.length(); i++) {
			char c = target.charAt(i);
			if (c <= 0x20 || c >= 0x7f) {
				return false;
			}
		}
		return true;
	}

}
