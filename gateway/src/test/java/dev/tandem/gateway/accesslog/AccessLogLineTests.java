package dev.tandem.gateway.accesslog;

import java.net.InetSocketAddress;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;

import dev.tandem.gateway.balancing.BalancingAttributes;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class AccessLogLineTests {

	private static final String TIME = "[05/Dec/2026:01:41:38 +0000]";

	@Test
	void shouldWriteTheCombinedFormatThenTheMemberItsTimeAndTheAttempts() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/hello?x=1&y=2")
			.remoteAddress(new InetSocketAddress("192.168.1.7", 50123))
			.header(HttpHeaders.REFERER, "http://example.test/start")
			.header(HttpHeaders.USER_AGENT, "curl/8.5.0")
			.header(HttpHeaders.COOKIE, "JSESSIONID=secret")
			.header(HttpHeaders.AUTHORIZATION, "Basic c2VjcmV0"));
		exchange.getResponse().getHeaders().setContentLength(4);
		exchange.getAttributes().put(BalancingAttributes.ANSWERING_MEMBER, "was2");
		exchange.getAttributes().put(BalancingAttributes.UPSTREAM_NANOS, 3_900_000L);
		exchange.getAttributes().put(BalancingAttributes.ATTEMPTS, 2);

		String line = AccessLogLine.of(exchange, TIME, 200, 5_200_000L);

		assertThat(line).isEqualTo("192.168.1.7 - - [05/Dec/2026:01:41:38 +0000] \"GET /hello?x=1&y=2 HTTP/1.1\" 200 4 "
				+ "\"http://example.test/start\" \"curl/8.5.0\" member=was2 upstream_ms=3 attempts=2 total_ms=5");
		assertThat(line).doesNotContain("secret").doesNotContain("c2VjcmV0");
	}

	@Test
	void shouldWriteADashForEachMissingField() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/actuator"));

		String line = AccessLogLine.of(exchange, TIME, 404, 300_000L);

		assertThat(line).isEqualTo("- - - [05/Dec/2026:01:41:38 +0000] \"GET /actuator HTTP/1.1\" 404 - \"-\" \"-\" "
				+ "member=- upstream_ms=- attempts=0 total_ms=0");
	}

	@Test
	void shouldKeepALineOneLineWhenTheUserAgentHasQuotesAndALineBreak() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/")
			.remoteAddress(new InetSocketAddress("10.0.0.1", 1))
			.header(HttpHeaders.USER_AGENT, "evil\" 200 0 \"-\"\nfake line\\"));

		String line = AccessLogLine.of(exchange, TIME, 200, 0);

		assertThat(line).doesNotContain("\n")
			.endsWith("\"-\" \"evil\\x22 200 0 \\x22-\\x22\\x0Afake line\\x5C\" member=- upstream_ms=- attempts=0 "
					+ "total_ms=0");
	}

	@Test
	void shouldEscapeQuotesControlCharactersAndBytesOutsidePrintableAsciiInARequestTarget() {
		// As Netty hands over a request target: one character per byte received.
		String received = "/a\"b\\c\nd\te\u007Ff\u00E9g";

		String escaped = AccessLogLine.escaped(new StringBuilder(), received).toString();

		assertThat(escaped).isEqualTo("/a\\x22b\\x5Cc\\x0Ad\\x09e\\x7Ff\\xE9g");
	}

	@Test
	void shouldWriteACharacterBeyondOneByteAsItsUtf8Bytes() {
		assertThat(AccessLogLine.escaped(new StringBuilder(), "€/😀").toString())
			.isEqualTo("\\xE2\\x82\\xAC/\\xF0\\x9F\\x98\\x80");
	}

	@Test
	void shouldWriteTheTimeWithEnglishMonthsInTheGivenZoneWhateverTheLocale() {
		Locale before = Locale.getDefault();
		Locale.setDefault(Locale.GERMANY);
		try {
			CommonLogTime time = new CommonLogTime(ZoneId.of("Europe/Berlin"));
			long march = ZonedDateTime.of(2026, 3, 5, 1, 41, 38, 0, ZoneId.of("UTC")).toInstant().toEpochMilli();

			assertThat(time.format(march + 999)).isEqualTo("[05/Mar/2026:02:41:38 +0100]");
			assertThat(time.format(march + 1000)).isEqualTo("[05/Mar/2026:02:41:39 +0100]");
		}
		finally {
			Locale.setDefault(before);
		}
	}

}
