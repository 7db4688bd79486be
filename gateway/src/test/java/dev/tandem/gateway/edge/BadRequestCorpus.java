package dev.tandem.gateway.edge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.tandem.gateway.edge.BadRequest.Category;

import static dev.tandem.gateway.edge.BadRequest.Category.COOKIES;
import static dev.tandem.gateway.edge.BadRequest.Category.FRAMING;
import static dev.tandem.gateway.edge.BadRequest.Category.HEADERS;
import static dev.tandem.gateway.edge.BadRequest.Category.PATHS;
import static dev.tandem.gateway.edge.BadRequest.Category.PROTOCOL;
import static dev.tandem.gateway.edge.BadRequest.Category.SMUGGLING;
import static dev.tandem.gateway.edge.BadRequest.Expectation.forward;
import static dev.tandem.gateway.edge.BadRequest.Expectation.refuse;
import static dev.tandem.gateway.edge.BadRequest.Expectation.refuseWithHeadStreamed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The malformed requests thrown at the gateway, one or more per example of RELIABILITY.md
 * "Bad input at the gateway". Requests that a member may legitimately receive (cookies
 * are the application's business; forwarding headers are rewritten) say exactly what it
 * must have received.
 */
final class BadRequestCorpus {

	static final String HOST = "Host: tandem.test\r\n";

	/** A request the gateway's own actuator guard refuses, used as a smuggled payload. */
	static final String SMUGGLED = "GET /actuator/env HTTP/1.1\r\n" + HOST + "\r\n";

	private BadRequestCorpus() {
	}

	static List<BadRequest> all() {
		List<BadRequest> cases = new ArrayList<>();
		smuggling(cases);
		framing(cases);
		protocol(cases);
		cookies(cases);
		paths(cases);
		headers(cases);
		return List.copyOf(cases);
	}

	private static void smuggling(List<BadRequest> cases) {
		// Netty drops a Content-Length beside chunked (RFC 9112 6.3); what matters is
		// that the member gets one unambiguous message and the smuggled one never.
		cases.add(BadRequest.of(
				"CL.TE: Content-Length and Transfer-Encoding chunked", SMUGGLING, "POST /upload HTTP/1.1\r\n" + HOST
						+ "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n" + "0\r\n\r\n" + SMUGGLED,
				refuse()));
		cases.add(BadRequest.of("TE.CL: chunked body hiding a request inside a short Content-Length", SMUGGLING,
				"POST /upload HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
						+ "2c\r\n" + SMUGGLED.substring(0, 44) + "\r\n0\r\n\r\n",
				refuse()));
		cases.add(BadRequest.of(
				"HTTP/1.0 with Content-Length and chunked", SMUGGLING, "POST /upload HTTP/1.0\r\n" + HOST
						+ "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n" + "0\r\n\r\n" + SMUGGLED,
				refuse()));
		cases.add(BadRequest.of("two different Content-Lengths", SMUGGLING,
				"POST /upload HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", refuse()));
		cases.add(BadRequest.of("two equal Content-Lengths", SMUGGLING,
				"POST /upload HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello", refuse()));
		cases.add(BadRequest.of("Content-Length list in one field", SMUGGLING,
				"POST /upload HTTP/1.1\r\n" + HOST + "Content-Length: 5, 6\r\n\r\nhello!", refuse()));
		cases.add(BadRequest.of("space before the colon of Transfer-Encoding", SMUGGLING, "POST /upload HTTP/1.1\r\n"
				+ HOST + "Transfer-Encoding : chunked\r\nContent-Length: 5\r\n\r\n" + "0\r\n\r\n", refuse()));
		cases.add(BadRequest.of("Transfer-Encoding xchunked", SMUGGLING,
				"POST /upload HTTP/1.1\r\n" + HOST + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n" + SMUGGLED,
				refuse()));
		cases.add(BadRequest.of("Transfer-Encoding chunked, identity", SMUGGLING,
				"POST /upload HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
				refuse()));
		cases.add(
				BadRequest.of("two Transfer-Encoding fields", SMUGGLING,
						"POST /upload HTTP/1.1\r\n" + HOST
								+ "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n",
						refuse()));
		cases.add(BadRequest.of("Transfer-Encoding with a vertical tab", SMUGGLING,
				"POST /upload HTTP/1.1\r\n" + HOST + "Transfer-Encoding: \u000bchunked\r\n\r\n0\r\n\r\n", refuse()));
		cases.add(
				BadRequest.of("Transfer-Encoding folded onto a continuation line", SMUGGLING,
						"POST /upload HTTP/1.1\r\n" + HOST
								+ "Transfer-Encoding:\r\n chunked\r\nContent-Length: 5\r\n\r\n" + "0\r\n\r\n",
						refuse()));
		cases.add(BadRequest.of("chunk size that is not hex", SMUGGLING,
				"POST /upload HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
				refuseWithHeadStreamed()));
		cases.add(BadRequest.of("chunk size that overflows", SMUGGLING,
				"POST /upload HTTP/1.1\r\n" + HOST
						+ "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffff1\r\nhello\r\n0\r\n\r\n",
				refuseWithHeadStreamed()));
		cases.add(BadRequest.of("negative chunk size", SMUGGLING,
				"POST /upload HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n",
				refuseWithHeadStreamed()));
		cases.add(BadRequest.of("chunk data longer than its size", SMUGGLING,
				"POST /upload HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n",
				refuseWithHeadStreamed()));
		cases.add(BadRequest.of("bare LF inside a chunk extension", SMUGGLING,
				"POST /upload HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n5;x\nhello\r\n0\r\n\r\n",
				refuseWithHeadStreamed()));
		cases.add(BadRequest.of("bare LF line ends", SMUGGLING, "GET /bare-lf HTTP/1.1\nHost: tandem.test\n\n",
				refuse()));
		cases.add(BadRequest.of("bare CR inside the request line", SMUGGLING,
				"GET /hello HTTP/1.1\rX: y\r\n" + HOST + "\r\n", refuse()));
	}

	private static void framing(List<BadRequest> cases) {
		cases.add(BadRequest.of("negative Content-Length", FRAMING,
				"POST /upload HTTP/1.1\r\n" + HOST + "Content-Length: -1\r\n\r\n", refuse()));
		cases.add(BadRequest.of("Content-Length that overflows a long", FRAMING,
				"POST /upload HTTP/1.1\r\n" + HOST + "Content-Length: 99999999999999999999999\r\n\r\nhello", refuse()));
		cases.add(BadRequest.of("Content-Length with a plus sign", FRAMING,
				"POST /upload HTTP/1.1\r\n" + HOST + "Content-Length: +5\r\n\r\nhello", refuse()));
		cases.add(BadRequest.of("Content-Length that is not a number", FRAMING,
				"POST /upload HTTP/1.1\r\n" + HOST + "Content-Length: five\r\n\r\nhello", refuse()));
		cases.add(BadRequest.of("absurd Content-Length (1 TB)", FRAMING,
				"POST /upload HTTP/1.1\r\n" + HOST + "Content-Length: 1000000000000\r\n\r\nhello", refuse()));
		cases.add(BadRequest.of(
				"Expect 100-continue with a body over the limit", FRAMING, "POST /upload HTTP/1.1\r\n" + HOST
						+ "Expect: 100-continue\r\nContent-Length: " + (EdgeSuite.maxBodyBytes() + 1) + "\r\n\r\n",
				refuse()));
		cases.add(new BadRequest("declared body over the limit", FRAMING, withBody(EdgeSuite.maxBodyBytes() + 1, false),
				refuse(), BadRequest.DEFAULT_READ));
		cases.add(new BadRequest("chunked body over the limit", FRAMING, withBody(EdgeSuite.maxBodyBytes() + 1, true),
				refuseWithHeadStreamed(), BadRequest.DEFAULT_READ));
		cases.add(BadRequest.of("64 KiB request line", FRAMING,
				"GET /" + "a".repeat(64 * 1024) + " HTTP/1.1\r\n" + HOST + "\r\n", refuse()));
		cases.add(BadRequest.of("one 20 KiB header", FRAMING,
				"GET /hello HTTP/1.1\r\n" + HOST + "X-Big: " + "b".repeat(20 * 1024) + "\r\n\r\n", refuse()));
		cases.add(BadRequest.of("4000 small headers", FRAMING,
				"GET /hello HTTP/1.1\r\n" + HOST + "X-H: v\r\n".repeat(4000) + "\r\n", refuse()));
		// Declared small enough to be buffered for failover: nothing may reach a member.
		cases.add(BadRequest
			.of("buffered body that never arrives", FRAMING,
					"POST /upload HTTP/1.1\r\n" + HOST + "Content-Length: 100\r\n\r\nonly-a-part", refuse())
			.readingFor(EdgeSuite.bodyTimeout().plus(Duration.ofSeconds(4))));
		// Too large to buffer, so it is streamed: the head may reach a member, never a
		// complete request.
		cases.add(BadRequest
			.of("streamed body that never arrives", FRAMING,
					"POST /upload HTTP/1.1\r\n" + HOST + "Content-Length: " + (EdgeSuite.maxBufferedBodyBytes() + 10)
							+ "\r\n\r\nonly-a-part",
					refuseWithHeadStreamed())
			.readingFor(EdgeSuite.bodyTimeout().plus(Duration.ofSeconds(4))));
		cases.add(BadRequest
			.of("headers that never end", FRAMING, "GET /hello HTTP/1.1\r\n" + HOST + "X-Slow: 1\r\n", refuse())
			.readingFor(EdgeSuite.headerTimeout().plus(Duration.ofSeconds(4))));
	}

	private static void protocol(List<BadRequest> cases) {
		cases.add(BadRequest.of("HTTP/0.9 request", PROTOCOL, "GET /hello\r\n\r\n", refuse()));
		cases.add(BadRequest.of("HTTP/2.0 in an HTTP/1 request line", PROTOCOL,
				"GET /hello HTTP/2.0\r\n" + HOST + "\r\n", refuse()));
		cases.add(BadRequest.of("unknown version HTTP/1.2", PROTOCOL, "GET /hello HTTP/1.2\r\n" + HOST + "\r\n",
				refuse()));
		cases.add(BadRequest.of("unknown protocol FOO/1.1", PROTOCOL, "GET /hello FOO/1.1\r\n" + HOST + "\r\n",
				refuse()));
		cases.add(BadRequest.of("lower-case protocol http/1.1", PROTOCOL, "GET /hello http/1.1\r\n" + HOST + "\r\n",
				forward((received, exchange) -> assertThat(received.uri()).isEqualTo("/hello"))));
		cases.add(BadRequest.of("request line with four parts", PROTOCOL, "GET /he llo HTTP/1.1\r\n" + HOST + "\r\n",
				refuse()));
		byte[] random = new byte[512];
		new Random(5).nextBytes(random);
		cases.add(new BadRequest("512 random bytes", PROTOCOL, random, refuse(), BadRequest.DEFAULT_READ));
		cases.add(new BadRequest("TLS ClientHello on the plain port", PROTOCOL, TlsClientHello.bytes(), refuse(),
				BadRequest.DEFAULT_READ));
		cases.add(BadRequest.of("CONNECT to another port", PROTOCOL,
				"CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n", refuse()));
		cases.add(BadRequest.of("TRACE", PROTOCOL, "TRACE /hello HTTP/1.1\r\n" + HOST + "\r\n", refuse()));
		cases.add(BadRequest.of("HTTP/1.1 without Host", PROTOCOL, "GET /hello HTTP/1.1\r\n\r\n", refuse()));
		cases.add(BadRequest.of("two Host headers", PROTOCOL,
				"GET /hello HTTP/1.1\r\n" + HOST + "Host: evil.test\r\n\r\n", refuse()));
		cases.add(BadRequest.of("Host with a path", PROTOCOL, "GET /hello HTTP/1.1\r\nHost: evil.test/x\r\n\r\n",
				refuse()));
		cases.add(BadRequest.of("Host with user info", PROTOCOL, "GET /hello HTTP/1.1\r\nHost: a@evil.test\r\n\r\n",
				refuse()));
		cases.add(BadRequest.of("Host with a bad port", PROTOCOL,
				"GET /hello HTTP/1.1\r\nHost: tandem.test:99999x\r\n\r\n", refuse()));
		cases.add(BadRequest.of("empty method", PROTOCOL, " /hello HTTP/1.1\r\n" + HOST + "\r\n", refuse()));
	}

	private static void cookies(List<BadRequest> cases) {
		cases.add(BadRequest.of("malformed Cookie header", COOKIES,
				"GET /hello HTTP/1.1\r\n" + HOST + "Cookie: ;;=;==a; =; x\r\n\r\n", forward((received, exchange) -> {
					assertThat(received.headers().get("Cookie")).containsExactly(";;=;==a; =; x");
				})));
		String huge = "c".repeat(12 * 1024);
		cases.add(BadRequest.of("12 KiB cookie under the header limit", COOKIES,
				"GET /hello HTTP/1.1\r\n" + HOST + "Cookie: big=" + huge + "\r\n\r\n", forward((received,
						exchange) -> assertThat(received.headers().getFirst("Cookie")).isEqualTo("big=" + huge))));
		cases.add(BadRequest.of("20 KiB cookie over the header limit", COOKIES,
				"GET /hello HTTP/1.1\r\n" + HOST + "Cookie: big=" + "c".repeat(20 * 1024) + "\r\n\r\n", refuse()));
		cases.add(BadRequest.of("SESSION that is not Base64", COOKIES,
				"GET /hello HTTP/1.1\r\n" + HOST + "Cookie: SESSION=%%%not-base64!!\r\n\r\n",
				forward((received, exchange) -> assertThat(received.headers().getFirst("Cookie"))
					.isEqualTo("SESSION=%%%not-base64!!"))));
		for (String member : List.of(EdgeSuite.DEAD, EdgeSuite.STANDBY, EdgeSuite.DRAINING, "nobody")) {
			String token = EdgeSuite.affinityToken(member);
			cases.add(BadRequest.of("affinity cookie naming the " + describe(member) + " member", COOKIES,
					"GET /hello HTTP/1.1\r\n" + HOST + "Cookie: TANDEM_ROUTE=" + token + "\r\n\r\n",
					forward(EdgeSuite.servedByAnActiveWithANewRoute(token))));
			cases.add(BadRequest.of("session route naming the " + describe(member) + " member", COOKIES,
					"GET /hello HTTP/1.1\r\n" + HOST + "Cookie: JSESSIONID=abc." + member + "\r\n\r\n",
					forward((received, exchange) -> assertThat(received.headers().getFirst("Cookie"))
						.isEqualTo("JSESSIONID=abc." + member))));
		}
		cases.add(BadRequest.of("CR LF inside a cookie value", COOKIES,
				"GET /hello HTTP/1.1\r\n" + HOST + "Cookie: TANDEM_ROUTE=a\r\n\r\nSet-Cookie: evil=1\r\n\r\n",
				forward(EdgeSuite.noInjectedResponseHeader())));
		cases.add(BadRequest.of("bare CR inside a cookie value", COOKIES,
				"GET /hello HTTP/1.1\r\n" + HOST + "Cookie: TANDEM_ROUTE=a\rSet-Cookie: evil=1\r\n\r\n", refuse()));
		cases.add(BadRequest.of("encoded CR LF inside the affinity cookie", COOKIES,
				"GET /hello HTTP/1.1\r\n" + HOST + "Cookie: TANDEM_ROUTE=a%0d%0aSet-Cookie:%20evil=1\r\n\r\n",
				forward(EdgeSuite.noInjectedResponseHeader())));
		cases.add(BadRequest.of("semicolon smuggling a second route", COOKIES,
				"GET /hello HTTP/1.1\r\n" + HOST + "Cookie: TANDEM_ROUTE=\"x;TANDEM_ROUTE="
						+ EdgeSuite.affinityToken(EdgeSuite.STANDBY) + "\"\r\n\r\n",
				forward(EdgeSuite.noInjectedResponseHeader())));
	}

	private static String describe(String member) {
		return switch (member) {
			case EdgeSuite.DEAD -> "dead";
			case EdgeSuite.STANDBY -> "standby";
			case EdgeSuite.DRAINING -> "draining";
			default -> "unknown";
		};
	}

	private static void paths(List<BadRequest> cases) {
		for (String path : List.of("/x/../actuator/env", "/x/..;/actuator/env", "/x/%2e%2e/actuator/env",
				"/x/..%2factuator/env", "/%2561ctuator/env", "/ACTUATOR/ENV", "/%5cactuator/env",
				"/x/%c0%ae%c0%ae/actuator/env", "/actuator/health", "/actuator/prometheus",
				"/actuator/gateway/routes")) {
			cases.add(BadRequest.of("GET " + path, PATHS, "GET " + path + " HTTP/1.1\r\n" + HOST + "\r\n", refuse()));
		}
		cases.add(BadRequest.of("GET \\actuator\\env with raw backslashes", PATHS,
				"GET \\actuator\\env HTTP/1.1\r\n" + HOST + "\r\n", refuse()));
		cases.add(BadRequest.of("absolute-form target naming /actuator", PATHS,
				"GET http://tandem.test/actuator/env HTTP/1.1\r\n" + HOST + "\r\n", refuse()));
		cases.add(BadRequest.of("raw UTF-8 bytes in the path", PATHS,
				new String("GET /h\u00e9llo HTTP/1.1\r\n".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)
						+ HOST + "\r\n",
				refuse()));
		cases.add(BadRequest.of("NUL byte escaped in the path", PATHS, "GET /hello%00 HTTP/1.1\r\n" + HOST + "\r\n",
				refuse()));
	}

	private static void headers(List<BadRequest> cases) {
		cases.add(BadRequest.of("client X-Forwarded-* and Forwarded", HEADERS,
				"GET /hello HTTP/1.1\r\n" + HOST + "X-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Host: evil.test\r\n"
						+ "X-Forwarded-Proto: https\r\nX-Forwarded-Port: 443\r\nX-Forwarded-Prefix: /evil\r\n"
						+ "Forwarded: for=6.6.6.6;host=evil.test;proto=https\r\n\r\n",
				forward(EdgeSuite.forwardingHeadersWrittenByTheGateway())));
		cases.add(BadRequest.of("Connection naming the forwarding headers", HEADERS,
				"GET /hello HTTP/1.1\r\n" + HOST
						+ "Connection: keep-alive, X-Forwarded-For, X-Forwarded-Host, X-Forwarded-Proto, "
						+ "X-Forwarded-Port, Forwarded\r\nX-Forwarded-For: 6.6.6.6\r\n\r\n",
				forward(EdgeSuite.forwardingHeadersWrittenByTheGateway())));
		cases.add(
				BadRequest
					.of("Upgrade h2c", HEADERS,
							"GET /hello HTTP/1.1\r\n" + HOST + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
									+ "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n",
							forward((received, exchange) -> {
								assertThat(exchange.status()).isEqualTo(200);
								assertThat(received.headers()).doesNotContainKeys("Upgrade", "HTTP2-Settings");
							})));
		cases.add(
				BadRequest.of("prior-knowledge HTTP/2 preface", HEADERS, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", refuse()));
		cases.add(BadRequest.of("header name with a space", HEADERS,
				"GET /hello HTTP/1.1\r\n" + HOST + "X Bad: 1\r\n\r\n", refuse()));
		cases.add(BadRequest.of("header without a colon", HEADERS,
				"GET /hello HTTP/1.1\r\n" + HOST + "NoColonHere\r\n\r\n", refuse()));
		cases.add(BadRequest.of("NUL byte in a header value", HEADERS,
				"GET /hello HTTP/1.1\r\n" + HOST + "X-Nul: a\u0000b\r\n\r\n", refuse()));
	}

	private static byte[] withBody(long length, boolean chunked) {
		StringBuilder request = new StringBuilder("POST /upload HTTP/1.1\r\n" + HOST);
		String body = "x".repeat((int) length);
		if (chunked) {
			request.append("Transfer-Encoding: chunked\r\n\r\n")
				.append(Long.toHexString(length))
				.append("\r\n")
				.append(body)
				.append("\r\n0\r\n\r\n");
		}
		else {
			request.append("Content-Length: ").append(length).append("\r\n\r\n").append(body);
		}
		return request.toString().getBytes(StandardCharsets.ISO_8859_1);
	}

	static Category[] categories() {
		return Category.values();
	}

}
