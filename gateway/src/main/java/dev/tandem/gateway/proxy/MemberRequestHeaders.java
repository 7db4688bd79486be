package dev.tandem.gateway.proxy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * The headers a member receives, made in one copy of the client's: without the hop-by-hop
 * ones and without any forwarding header the client sent ({@code X-Forwarded-*},
 * {@code Forwarded}), which only the gateway may write; then the gateway's own
 * {@code X-Forwarded-For}, {@code -Proto}, {@code -Prefix} (the path prefix a route
 * stripped), {@code -Port} and {@code -Host}. The members receive what Spring Cloud
 * Gateway's four header filters wrote in four copies (its hop-by-hop, X-Forwarded and
 * Forwarded filters, with every client address trusted after the client's own values are
 * dropped).
 */
final class MemberRequestHeaders implements HttpHeadersFilter {

	static final String FOR = "X-Forwarded-For";

	static final String PROTO = "X-Forwarded-Proto";

	static final String PREFIX = "X-Forwarded-Prefix";

	static final String PORT = "X-Forwarded-Port";

	static final String HOST = "X-Forwarded-Host";

	private static final String CLIENT_FORWARDING_PREFIX = "X-Forwarded-";

	private static final String FORWARDED = "Forwarded";

	@Override
	public boolean supports(Type type) {
		return type == Type.REQUEST;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		List<String> namedByConnection = HopByHopHeaders.namedByConnection(input);
		HttpHeaders output = new HttpHeaders();
		for (Map.Entry<String, List<String>> header : input.headerSet()) {
			String name = header.getKey();
			if (!HopByHopHeaders.contains(name, namedByConnection) && !isClientForwarding(name)) {
				output.addAll(name, header.getValue());
			}
		}
		ServerHttpRequest request = exchange.getRequest();
		URI uri = request.getURI();
		InetSocketAddress client = request.getRemoteAddress();
		if (client != null && client.getAddress() != null) {
			output.set(FOR, client.getHostString());
		}
		String scheme = uri.getScheme();
		if (scheme != null) {
			output.set(PROTO, scheme);
		}
		String prefix = strippedPrefixes(exchange);
		if (prefix != null) {
			output.set(PREFIX, prefix);
		}
		int port = uri.getPort();
		output.set(PORT, String.valueOf((port < 0) ? defaultPort(scheme) : port));
		if (uri.getHost() != null) {
			output.set(HOST, (port < 0 || isDefaultPort(scheme, port)) ? uri.getHost() : uri.getHost() + ":" + port);
		}
		return output;
	}

	private static boolean isClientForwarding(String name) {
		return name.regionMatches(true, 0, CLIENT_FORWARDING_PREFIX, 0, CLIENT_FORWARDING_PREFIX.length())
				|| name.equalsIgnoreCase(FORWARDED);
	}

	private static int defaultPort(String scheme) {
		return "https".equals(scheme) ? 443 : 80;
	}

	private static boolean isDefaultPort(String scheme, int port) {
		return (port == 80 && "http".equals(scheme)) || (port == 443 && "https".equals(scheme));
	}

	/**
	 * The prefixes cut off the path on its way to the member, comma-separated; each
	 * address the request had before a filter changed it ({@code PathRoutes}, the
	 * balancer) is compared with the member's: when the member's path is the end of the
	 * earlier one, what comes before it was stripped. {@code null} when nothing was.
	 */
	private static String strippedPrefixes(ServerWebExchange exchange) {
		Set<URI> earlier = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ORIGINAL_REQUEST_URL_ATTR);
		URI member = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		if (earlier == null || member == null || member.getPath() == null) {
			return null;
		}
		String memberPath = withoutTrailingSlash(member.getPath());
		String prefixes = null;
		for (URI before : earlier) {
			String prefix = (before != null && before.getPath() != null)
					? prefixBefore(withoutTrailingSlash(before.getPath()), memberPath) : null;
			if (prefix != null) {
				prefixes = (prefixes != null) ? prefixes + "," + prefix : prefix;
			}
		}
		return prefixes;
	}

	private static String prefixBefore(String path, String end) {
		if (!path.endsWith(end)) {
			return null;
		}
		String prefix = path.substring(0, path.length() - end.length());
		return prefix.isEmpty() ? null : prefix;
	}

	private static String withoutTrailingSlash(String path) {
		return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
	}

}
