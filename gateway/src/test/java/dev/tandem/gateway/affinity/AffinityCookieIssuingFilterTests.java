package dev.tandem.gateway.affinity;

import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class AffinityCookieIssuingFilterTests {

	private static final List<String> MEMBERS = List.of("was1", "was2");

	private final AffinityCookieCodec codec = new AffinityCookieCodec(MEMBERS,
			AffinityKey.of(MEMBERS, Optional.empty()));

	private final AffinityProperties properties = new AffinityProperties("TANDEM_ROUTE",
			List.of("JSESSIONID", "SESSION"), false, null);

	private final AffinityCookieIssuingFilter filter = new AffinityCookieIssuingFilter(this.codec,
			new StickyRouteResolver(this.codec, TestMembers.of(MEMBERS), this.properties));

	@Test
	void shouldPinANewClientWithAnHttpOnlyLaxSessionCookie() {
		MockServerWebExchange exchange = exchange(MockServerHttpRequest.get("http://gateway/hello"));

		serve(exchange, answeredBy("was1"));

		ResponseCookie cookie = onlyCookie(exchange);
		assertThat(this.codec.decode(cookie.getValue())).contains("was1");
		assertThat(cookie.getPath()).isEqualTo("/");
		assertThat(cookie.isHttpOnly()).isTrue();
		assertThat(cookie.getSameSite()).isEqualTo("Lax");
		assertThat(cookie.isSecure()).isFalse();
		assertThat(cookie.getMaxAge().isNegative()).isTrue();
		assertThat(cookie.getDomain()).isNull();
	}

	@Test
	void shouldMarkTheCookieSecureWhenTheClientCameOverTls() {
		MockServerWebExchange exchange = exchange(MockServerHttpRequest.get("https://gateway/hello"));

		serve(exchange, answeredBy("was2"));

		assertThat(onlyCookie(exchange).isSecure()).isTrue();
	}

	@Test
	void shouldLeaveAClientAloneWhoseCookieNamesTheServingMember() {
		MockServerWebExchange exchange = exchange(
				MockServerHttpRequest.get("/hello").cookie(new HttpCookie("TANDEM_ROUTE", token("was1"))));

		serve(exchange, answeredBy("was1"));

		assertThat(exchange.getResponse().getCookies()).isEmpty();
	}

	@Test
	void shouldRepinAClientServedByAnotherMember() {
		MockServerWebExchange exchange = exchange(
				MockServerHttpRequest.get("/hello").cookie(new HttpCookie("TANDEM_ROUTE", token("was1"))));

		serve(exchange, answeredBy("was2"));

		assertThat(this.codec.decode(onlyCookie(exchange).getValue())).contains("was2");
	}

	@Test
	void shouldReplaceAForgedCookie() {
		MockServerWebExchange exchange = exchange(
				MockServerHttpRequest.get("/hello").cookie(new HttpCookie("TANDEM_ROUTE", "was1")));

		serve(exchange, answeredBy("was1"));

		assertThat(this.codec.decode(onlyCookie(exchange).getValue())).contains("was1");
	}

	@Test
	void shouldSetNoCookieWhenNoMemberAnswered() {
		MockServerWebExchange exchange = exchange(MockServerHttpRequest.get("/hello"));

		serve(exchange, failedAt("was1"));

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
		assertThat(exchange.getResponse().getCookies()).isEmpty();
	}

	@Test
	void shouldNameOnlyTheMemberOfTheFinalAttemptOnce() {
		MockServerWebExchange exchange = exchange(
				MockServerHttpRequest.get("/hello").cookie(new HttpCookie("TANDEM_ROUTE", token("was1"))));

		// A retry runs the filter again on the same exchange.
		this.filter.filter(exchange, failedAt("was1")).onErrorResume(IOException.class, (ex) -> Mono.empty()).block();
		serve(exchange, answeredBy("was2"));

		assertThat(exchange.getResponse().getCookies().get("TANDEM_ROUTE")).singleElement()
			.satisfies((cookie) -> assertThat(this.codec.decode(cookie.getValue())).contains("was2"));
	}

	@Test
	void shouldForgetAnAnswerThatWasRetriedWhenTheRetryFailed() {
		MockServerWebExchange exchange = exchange(MockServerHttpRequest.get("/hello"));

		this.filter.filter(exchange, answeredBy("was1")).block();
		serve(exchange, failedAt("was2"));

		assertThat(exchange.getResponse().getCookies()).isEmpty();
	}

	@Test
	void shouldNotNameAMemberThatIsNotConfigured() {
		MockServerWebExchange exchange = exchange(MockServerHttpRequest.get("/hello"));

		serve(exchange, answeredBy("stranger"));

		assertThat(exchange.getResponse().getCookies()).isEmpty();
	}

	/**
	 * Run the filter as the gateway does and commit the response like the error handler
	 * or writer.
	 */
	private void serve(ServerWebExchange exchange, GatewayFilterChain chain) {
		this.filter.filter(exchange, chain).onErrorResume(IOException.class, (ex) -> {
			exchange.getResponse().setStatusCode(HttpStatus.BAD_GATEWAY);
			return Mono.empty();
		}).then(exchange.getResponse().setComplete()).block();
	}

	private static GatewayFilterChain answeredBy(String member) {
		return (exchange) -> Mono.fromRunnable(() -> choose(exchange, member));
	}

	private static GatewayFilterChain failedAt(String member) {
		return (exchange) -> Mono.fromRunnable(() -> choose(exchange, member))
			.then(Mono.error(new ConnectException("Connection refused")));
	}

	private static void choose(ServerWebExchange exchange, String member) {
		exchange.getAttributes()
			.put(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR,
					new DefaultResponse(new DefaultServiceInstance(member, "tandem", "127.0.0.1", 8081, false)));
	}

	private static MockServerWebExchange exchange(MockServerHttpRequest.BaseBuilder<?> request) {
		return MockServerWebExchange.from(request);
	}

	private static ResponseCookie onlyCookie(ServerWebExchange exchange) {
		assertThat(exchange.getResponse().getCookies()).containsOnlyKeys("TANDEM_ROUTE");
		return exchange.getResponse().getCookies().get("TANDEM_ROUTE").stream().reduce((a, b) -> {
			throw new AssertionError("more than one cookie: " + a + ", " + b);
		}).orElseThrow();
	}

	private String token(String member) {
		return this.codec.encode(member).orElseThrow();
	}

}
