package dev.tandem.gateway.proxy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter.Type;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.XForwardedHeadersFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tandem's one-copy header filters against the Spring Cloud Gateway filters they replace,
 * configured as the gateway configured them (hop-by-hop removal first, the client's
 * {@code X-Forwarded-*} and {@code Forwarded} dropped, every client address trusted): for
 * each request or answer, both must give the same headers in the same order.
 */
class ProxiedHeadersTests {

	private static final List<HttpHeadersFilter> REPLACED = List.of(new RemoveHopByHopHeadersFilter(),
			new RemoveXForwardedHeadersFilter(), new RemoveForwardedHeadersFilter(), new XForwardedHeadersFilter(".*"));

	static Stream<Case> requests() {
		return Stream.of(new Case("plain", "http://gw.lan/hello", Map.of(), null),
				new Case("port", "http://gw.lan:8080/hello", headers("Accept", "text/plain"), null),
				new Case("https default port", "https://gw.lan/hello", Map.of(), null),
				new Case("https port", "https://gw.lan:8443/hello", Map.of(), null),
				new Case("port 443 over http", "http://gw.lan:443/hello", Map.of(), null),
				new Case("client forwarding headers", "http://gw.lan:8080/hello",
						headers("X-Forwarded-For", "6.6.6.6", "x-forwarded-host", "evil", "X-FORWARDED-PROTO", "https",
								"X-Forwarded-Server", "s", "Forwarded", "for=1.2.3.4", "forwarded", "by=x", "Accept",
								"*/*"),
						null),
				new Case("hop-by-hop", "http://gw.lan:8080/hello",
						headers("Connection", "keep-alive, X-Custom, X-Forwarded-For", "Keep-Alive", "timeout=5", "TE",
								"trailers", "Trailer", "X", "Upgrade", "websocket", "Proxy-Authorization", "Basic x",
								"X-Custom", "dropped", "x-custom", "dropped too", "X-Other", "kept"),
						null),
				new Case("several values", "http://gw.lan:8080/hello",
						headers("Cookie", "a=1", "cookie", "b=2", "Accept", "text/html", "Accept", "*/*"), null),
				new Case("prefix stripped", "http://gw.lan:8080/cart", headers("Cookie", "TANDEM_ROUTE=x"),
						List.of("http://gw.lan:8080/shop/cart", "lb://tandem/cart")),
				new Case("prefix stripped to the root", "http://gw.lan:8080/", Map.of(),
						List.of("http://gw.lan:8080/shop/", "lb://tandem/")),
				new Case("prefix added", "http://gw.lan:8080/app/cart", Map.of(),
						List.of("http://gw.lan:8080/cart", "lb://tandem/app/cart")),
				new Case("no prefix", "http://gw.lan:8080/hello", Map.of(), List.of("lb://tandem/hello")),
				new Case("two prefixes", "http://gw.lan:8080/c", Map.of(),
						List.of("http://gw.lan:8080/a/b/c", "http://gw.lan:8080/b/c")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("requests")
	void shouldSendMembersWhatSpringCloudGatewaysFiltersSent(Case request) {
		ServerWebExchange exchange = request.exchange();
		HttpHeaders input = exchange.getRequest().getHeaders();

		HttpHeaders tandem = new MemberRequestHeaders().filter(input, exchange);
		HttpHeaders gateway = HttpHeadersFilter.filter(REPLACED, input, exchange, Type.REQUEST);

		assertThat(entries(tandem)).isEqualTo(entries(gateway));
	}

	@Test
	void shouldWriteTheForwardingHeadersTheMemberNeeds() {
		ServerWebExchange exchange = new Case("prefix stripped", "https://gw.lan:8443/cart",
				headers("X-Forwarded-For", "6.6.6.6"), List.of("https://gw.lan:8443/shop/cart"))
			.exchange();

		HttpHeaders sent = new MemberRequestHeaders().filter(exchange.getRequest().getHeaders(), exchange);

		assertThat(sent.get(MemberRequestHeaders.FOR)).containsExactly("10.1.2.3");
		assertThat(sent.get(MemberRequestHeaders.PROTO)).containsExactly("https");
		assertThat(sent.get(MemberRequestHeaders.PREFIX)).containsExactly("/shop");
		assertThat(sent.get(MemberRequestHeaders.PORT)).containsExactly("8443");
		assertThat(sent.get(MemberRequestHeaders.HOST)).containsExactly("gw.lan:8443");
	}

	static Stream<Map<String, List<String>>> answers() {
		return Stream.of(headers("Content-Type", "text/plain", "Content-Length", "12"),
				headers("Transfer-Encoding", "chunked", "Content-Type", "application/json"),
				headers("Connection", "keep-alive, X-Internal", "Keep-Alive", "timeout=20", "X-Internal", "secret",
						"Set-Cookie", "a=1", "Set-Cookie", "b=2"),
				headers("connection", "close", "Upgrade", "h2c", "Proxy-Authenticate", "Basic", "Date", "today"));
	}

	@ParameterizedTest
	@MethodSource("answers")
	void shouldGiveClientsWhatSpringCloudGatewaysFilterGave(Map<String, List<String>> answer) {
		ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("http://gw.lan/").build());
		HttpHeaders input = new HttpHeaders();
		answer.forEach(input::addAll);

		HttpHeaders tandem = new ClientResponseHeaders().filter(input, exchange);
		HttpHeaders gateway = new RemoveHopByHopHeadersFilter().filter(input, exchange);

		assertThat(entries(tandem)).isEqualTo(entries(gateway));
	}

	@Test
	void shouldPassAnAnswerWithoutHopByHopHeadersOnAsItIs() {
		HttpHeaders input = new HttpHeaders();
		input.add("Content-Type", "text/plain");
		input.add("Content-Length", "12");

		assertThat(new ClientResponseHeaders().filter(input,
				MockServerWebExchange.from(MockServerHttpRequest.get("http://gw.lan/").build())))
			.isSameAs(input);
	}

	@Test
	void shouldApplyEachToItsOwnDirection() {
		assertThat(new MemberRequestHeaders().supports(Type.REQUEST)).isTrue();
		assertThat(new MemberRequestHeaders().supports(Type.RESPONSE)).isFalse();
		assertThat(new ClientResponseHeaders().supports(Type.RESPONSE)).isTrue();
		assertThat(new ClientResponseHeaders().supports(Type.REQUEST)).isFalse();
	}

	private static List<String> entries(HttpHeaders headers) {
		return headers.headerSet().stream().map((header) -> header.getKey() + ": " + header.getValue()).toList();
	}

	/** Pairs of name and value, a name repeated for each of its values. */
	private static Map<String, List<String>> headers(String... pairs) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			headers.computeIfAbsent(pairs[i], (name) -> new ArrayList<>()).add(pairs[i + 1]);
		}
		return headers;
	}

	/**
	 * A request as it reaches the routing filter: its address, headers and client, and
	 * the addresses it had before the gateway's filters changed it, the member's last.
	 */
	record Case(String name, String uri, Map<String, List<String>> headers, List<String> addresses) {

		ServerWebExchange exchange() {
			MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get(this.uri)
				.remoteAddress(new InetSocketAddress("10.1.2.3", 50123));
			this.headers.forEach((name, values) -> request.header(name, values.toArray(String[]::new)));
			MockServerWebExchange exchange = MockServerWebExchange.from(request);
			if (this.addresses != null) {
				this.addresses
					.forEach((address) -> ServerWebExchangeUtils.addOriginalRequestUrl(exchange, URI.create(address)));
				exchange.getAttributes()
					.put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR,
							URI.create("http://10.0.0.12:8080" + URI.create(this.uri).getPath()));
			}
			return exchange;
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

}
