package dev.tandem.gateway.accesslog;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.tandem.gateway.balancing.BalancingAttributes;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * One access log line: the combined log format as httpd and nginx write it, then what the
 * gateway adds, for example
 *
 * <pre>
 * 192.168.1.7 - - [05/Dec/2026:01:41:38 +0000] "GET /hello?x=1 HTTP/1.1" 200 4 "-" "curl/8.5.0" member=was1 upstream_ms=3 attempts=1 total_ms=4
 * </pre>
 *
 * Client address (the connection's, never a forwarded header), identity and user (always
 * {@code -}: the gateway authenticates nobody and never reads {@code Authorization}), the
 * time the request arrived, the request line as received, the status, the answer's
 * declared length ({@code -} when it declared none, as a chunked answer does),
 * {@code Referer} and {@code User-Agent}; then the member that answered, the time from
 * that attempt's start until its answer head arrived, the attempts at members, and the
 * whole request's time. A field without a value is {@code -}. The request line and the
 * headers are escaped as nginx does: {@code "}, {@code \}, control characters and every
 * byte outside printable ASCII become {@code \xHH}, so a line is always one line of
 * ASCII. Cookies are never written.
 */
final class AccessLogLine {

	private static final String NONE = "-";

	/** The fixed text of a line and its numbers, about. */
	private static final int FIXED_LENGTH = 128;

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private AccessLogLine() {
	}

	/**
	 * The line of one exchange.
	 * @param exchange the exchange as the gateway received it (its attributes carry what
	 * the balancer recorded)
	 * @param time the time field, from {@link CommonLogTime}
	 * @param status the status the client got
	 * @param totalNanos the time from the request's arrival until it was answered
	 * @return the line, without a line break
	 */
	static String of(ServerWebExchange exchange, String time, int status, long totalNanos) {
		ServerHttpRequest request = exchange.getRequest();
		String client = client(request.getRemoteAddress());
		String method = request.getMethod().name();
		String target;
		String version;
		HttpServerRequest received = received(request);
		if (received != null) {
			target = received.uri();
			version = received.version().text();
		}
		else {
			target = request.getURI().getRawPath()
					+ ((request.getURI().getRawQuery() != null) ? "?" + request.getURI().getRawQuery() : "");
			version = "HTTP/1.1";
		}
		HttpHeaders headers = request.getHeaders();
		String referer = headers.getFirst(HttpHeaders.REFERER);
		String userAgent = headers.getFirst(HttpHeaders.USER_AGENT);
		long length = exchange.getResponse().getHeaders().getContentLength();
		Map<String, Object> attributes = exchange.getAttributes();
		Object member = attributes.get(BalancingAttributes.ANSWERING_MEMBER);
		Object upstreamNanos = attributes.get(BalancingAttributes.UPSTREAM_NANOS);
		Object attempts = attributes.get(BalancingAttributes.ATTEMPTS);

		StringBuilder line = new StringBuilder(FIXED_LENGTH + client.length() + time.length() + method.length()
				+ target.length() + length(referer) + length(userAgent) + length(member));
		line.append(client).append(" - - ").append(time).append(" \"");
		escaped(line, method).append(' ');
		escaped(line, target).append(' ').append(version).append("\" ").append(status).append(' ');
		if (length >= 0) {
			line.append(length);
		}
		else {
			line.append(NONE);
		}
		quoted(line.append(' '), referer);
		quoted(line.append(' '), userAgent);
		// Member ids are letters, digits, '.', '-' and '_' only: nothing to escape.
		line.append(" member=").append((member != null) ? member : NONE);
		line.append(" upstream_ms=");
		if (upstreamNanos instanceof Long nanos) {
			line.append(TimeUnit.NANOSECONDS.toMillis(nanos));
		}
		else {
			line.append(NONE);
		}
		line.append(" attempts=").append((attempts != null) ? attempts : 0);
		line.append(" total_ms=").append(TimeUnit.NANOSECONDS.toMillis(totalNanos));
		return line.toString();
	}

	/**
	 * Reactor Netty's request, which has the request line as received; null for any other
	 * request, such as a test's mock (which throws when asked for its native request).
	 */
	private static HttpServerRequest received(ServerHttpRequest request) {
		try {
			return (ServerHttpRequestDecorator.getNativeRequest(request) instanceof HttpServerRequest received)
					? received : null;
		}
		catch (IllegalStateException ex) {
			return null;
		}
	}

	private static String client(InetSocketAddress remote) {
		if (remote == null) {
			return NONE;
		}
		InetAddress address = remote.getAddress();
		return (address != null) ? address.getHostAddress() : remote.getHostString();
	}

	private static int length(Object value) {
		return (value != null) ? value.toString().length() : 0;
	}

	private static void quoted(StringBuilder line, String value) {
		line.append('"');
		if (value == null || value.isEmpty()) {
			line.append(NONE);
		}
		else {
			escaped(line, value);
		}
		line.append('"');
	}

	/**
	 * Appends the text with nginx's escaping. Netty decodes the request line and headers
	 * byte for byte (ISO-8859-1), so each character up to U+00FF is one byte as received;
	 * any other character (only a test or a decorated request could bring one) is written
	 * as the bytes of its UTF-8 encoding.
	 */
	static StringBuilder escaped(StringBuilder line, String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c > 0xFF) {
				int codePoint = text.codePointAt(i);
				for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
					hex(line, b & 0xFF);
				}
				i += Character.charCount(codePoint) - 1;
			}
			else if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
				hex(line, c);
			}
			else {
				line.append(c);
			}
		}
		return line;
	}

	private static void hex(StringBuilder line, int value) {
		line.append('\\').append('x').append(HEX[value >> 4]).append(HEX[value & 0xF]);
	}

}
