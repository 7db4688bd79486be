package dev.tandem.gateway.affinity;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpCookie;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

class StickyRouteResolverTests {

	private static final List<String> MEMBERS = List.of("was1", "was2", "was.3");

	private final AffinityCookieCodec codec = new AffinityCookieCodec(MEMBERS,
			AffinityKey.of(MEMBERS, Optional.empty()));

	private final StickyRouteResolver resolver = new StickyRouteResolver(this.codec,
			properties("JSESSIONID", "SESSION"));

	@Test
	void shouldFollowTheGatewaysOwnCookie() {
		assertThat(this.resolver.resolve(request(new HttpCookie("TANDEM_ROUTE", token("was2"))))).contains("was2");
	}

	@Test
	void shouldFollowTheRouteSuffixOfJsessionid() {
		assertThat(this.resolver.resolve(request(new HttpCookie("JSESSIONID", "abc.was2")))).contains("was2");
	}

	@Test
	void shouldFollowTheRouteSuffixOfSession() {
		assertThat(this.resolver.resolve(request(new HttpCookie("SESSION", "xyz.was1")))).contains("was1");
	}

	@Test
	void shouldTakeTheRouteAfterTheFirstDotSoMemberIdsMayContainDots() {
		assertThat(this.resolver.resolve(request(new HttpCookie("JSESSIONID", "abc.was.3")))).contains("was.3");
	}

	@Test
	void shouldIgnoreASpringSessionIdWithoutRoute() {
		assertThat(
				this.resolver.resolve(request(new HttpCookie("SESSION", "ZDM0YzY0ZTctN2E4Ni00ZjQ1LWI4YjQtZjI3Mjc=="))))
			.isEmpty();
	}

	@Test
	void shouldHonourOnlyTheConfiguredSessionCookieNames() {
		StickyRouteResolver onlyPhpSessions = new StickyRouteResolver(this.codec, properties("PHPSESSID"));

		assertThat(onlyPhpSessions.resolve(request(new HttpCookie("JSESSIONID", "abc.was2")))).isEmpty();
		assertThat(onlyPhpSessions.resolve(request(new HttpCookie("PHPSESSID", "abc.was2")))).contains("was2");
		assertThat(this.resolver.resolve(request(new HttpCookie("jsessionid", "abc.was2")))).isEmpty();
	}

	@Test
	void shouldFollowAJsessionidPathParameterWhateverTheCaseOfItsName() {
		assertThat(this.resolver.resolve(MockServerHttpRequest.get("/app/cart;jsessionid=abc.was2").build()))
			.contains("was2");
		assertThat(this.resolver.resolve(noCookies(), "/app;JSessionId=abc.was1/cart")).contains("was1");
		assertThat(this.resolver.resolve(noCookies(), "/app;x=1;jsessionid=abc.was2;y=2")).contains("was2");
	}

	@Test
	void shouldIgnoreForgedUnknownAndMalformedRoutes() {
		List<HttpCookie> cookies = List.of(new HttpCookie("TANDEM_ROUTE", "was2"),
				new HttpCookie("TANDEM_ROUTE", "127.0.0.1:8082"), new HttpCookie("TANDEM_ROUTE", "!!not base64!!"),
				new HttpCookie("TANDEM_ROUTE", token("was2").substring(1) + "A"), new HttpCookie("JSESSIONID", "abc"),
				new HttpCookie("JSESSIONID", "abc.was9"), new HttpCookie("JSESSIONID", "abc.WAS2"),
				new HttpCookie("JSESSIONID", "abc.was2 "), new HttpCookie("JSESSIONID", "abc.was2\r\nX-Evil: 1"),
				new HttpCookie("JSESSIONID", "a\r\nb.was2"), new HttpCookie("JSESSIONID", "a;b.was2"),
				new HttpCookie("JSESSIONID", "\"abc.was2\""),
				new HttpCookie("JSESSIONID", "x".repeat(100_000) + ".was2"), new HttpCookie("JSESSIONID", ".was2x"),
				new HttpCookie("SESSION", "abc."));
		for (HttpCookie cookie : cookies) {
			assertThat(this.resolver.resolve(request(cookie))).as(cookie.toString()).isEmpty();
		}
		for (String path : List.of("/app;jsessionid=abc.was9", "/app;jsessionid=abc.was2%0d%0a",
				"/app;jsessionid=a\r\nb.was2", "/app;jsessionid=abc.was1;jsessionid=abc.was2", "/app;jsessionid=",
				"/app;jsessionid=abc", "/app;sessionid=abc.was2", "/app;jsessionid=" + "x".repeat(10_000) + ".was2",
				"/app/jsessionid=abc.was2")) {
			assertThat(this.resolver.resolve(noCookies(), path)).as(path).isEmpty();
		}
	}

	@Test
	void shouldPreferTheOwnCookieThenSessionCookiesThenThePath() {
		MultiValueMap<String, HttpCookie> all = cookies(new HttpCookie("TANDEM_ROUTE", token("was1")),
				new HttpCookie("JSESSIONID", "abc.was2"));
		MultiValueMap<String, HttpCookie> sessionOnly = cookies(new HttpCookie("SESSION", "xyz.was2"));

		assertThat(this.resolver.resolve(all, "/;jsessionid=abc.was.3")).contains("was1");
		assertThat(this.resolver.resolve(sessionOnly, "/;jsessionid=abc.was.3")).contains("was2");
		assertThat(this.resolver.resolve(noCookies(), "/;jsessionid=abc.was.3")).contains("was.3");
	}

	@Test
	void shouldFallBackToTheNextSourceWhenTheOwnCookieIsForged() {
		MultiValueMap<String, HttpCookie> cookies = cookies(new HttpCookie("TANDEM_ROUTE", "forged"),
				new HttpCookie("JSESSIONID", "abc.was2"));

		assertThat(this.resolver.resolve(cookies, "/")).contains("was2");
		assertThat(this.resolver.ownCookieMember(cookies)).isEmpty();
	}

	@Test
	void shouldTakeTheFirstOwnCookieThatDecodes() {
		MultiValueMap<String, HttpCookie> cookies = cookies(new HttpCookie("TANDEM_ROUTE", "stale"),
				new HttpCookie("TANDEM_ROUTE", token("was2")), new HttpCookie("TANDEM_ROUTE", token("was1")));

		assertThat(this.resolver.ownCookieMember(cookies)).contains("was2");
	}

	private String token(String member) {
		return this.codec.encode(member).orElseThrow();
	}

	private static AffinityProperties properties(String... sessionCookieNames) {
		return new AffinityProperties("TANDEM_ROUTE", List.of(sessionCookieNames), false, null);
	}

	private static MockServerHttpRequest request(HttpCookie cookie) {
		return MockServerHttpRequest.get("/hello").cookie(cookie).build();
	}

	private static MultiValueMap<String, HttpCookie> cookies(HttpCookie... cookies) {
		MultiValueMap<String, HttpCookie> map = new LinkedMultiValueMap<>();
		for (HttpCookie cookie : cookies) {
			map.add(cookie.getName(), cookie);
		}
		return map;
	}

	private static MultiValueMap<String, HttpCookie> noCookies() {
		return new LinkedMultiValueMap<>();
	}

}
