package dev.tandem.gateway.tls;

import java.util.regex.Pattern;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The answer of the plain-HTTP redirect port: the same host, path and query on the HTTPS
 * public port, with 301 for {@code GET} and {@code HEAD} (which every client follows) and
 * 308 for other methods, which keeps the method and body. A Host that is no host name or
 * address gets 400, so the redirect never carries anything else.
 */
final class HttpsRedirect {

	private static final int HTTPS_DEFAULT_PORT = 443;

	/**
	 * Names, IPv4 addresses and bracketed IPv6 addresses; nothing that ends a URL part.
	 */
	private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]");

	private final int httpsPort;

	HttpsRedirect(int httpsPort) {
		this.httpsPort = httpsPort;
	}

	Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
		String host = host(request.requestHeaders().get(HttpHeaderNames.HOST));
		if (host == null) {
			return response.status(HttpResponseStatus.BAD_REQUEST).send();
		}
		String target = request.uri().startsWith("/") ? request.uri() : "/";
		String port = (this.httpsPort == HTTPS_DEFAULT_PORT) ? "" : ":" + this.httpsPort;
		boolean safe = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
		return response.status(safe ? HttpResponseStatus.MOVED_PERMANENTLY : HttpResponseStatus.PERMANENT_REDIRECT)
			.header(HttpHeaderNames.LOCATION, "https://" + host + port + target)
			.header(HttpHeaderNames.CONTENT_LENGTH, "0")
			.send();
	}

	/** The host of a Host header without its port, or {@code null} when it is none. */
	static String host(String header) {
		if (header == null) {
			return null;
		}
		String host = header.trim();
		int colon = host.lastIndexOf(':');
		if (colon >= 0 && host.indexOf(']') < colon) {
			host = host.substring(0, colon);
		}
		return HOST.matcher(host).matches() ? host : null;
	}

}
