package dev.tandem.gateway.affinity;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import dev.tandem.gateway.member.AdminState;
import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.Members;
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

	private final StickyRouteResolver resolver = new StickyRouteResolver(this.codec, TestMembers.of(MEMBERS),
			properties("JSESSIONID", "SESSION"));

	/** Members behind an old front whose routes differ from their ids. */
	private final Members routed = TestMembers.withRoutes("was1", "tomcat1", "was2", "tomcat2", "was.3", "3");

	@Test
	void shouldFollowTheGatewaysOwnCookie() {
		assertThat(this.resolver.resolve(request(new HttpCookie("TANDEM_ROUTE", token("was2"))), null))
			.contains("was2");
	}

	@Test
	void shouldFollowTheRouteSuffixOfJsessionid() {
		assertThat(this.resolver.resolve(request(new HttpCookie("JSESSIONID", "abc.was2")), null)).contains("was2");
	}

	@Test
	void shouldFollowTheRouteSuffixOfSession() {
		assertThat(this.resolver.resolve(request(new HttpCookie("SESSION", "xyz.was1")), null)).contains("was1");
	}

	@Test
	void shouldTakeTheRouteAfterTheFirstDotSoMemberIdsMayContainDots() {
		assertThat(this.resolver.resolve(request(new HttpCookie("JSESSIONID", "abc.was.3")), null)).contains("was.3");
	}

	@Test
	void shouldIgnoreASpringSessionIdWithoutRoute() {
		assertThat(this.resolver
			.resolve(request(new HttpCookie("SESSION", "ZDM0YzY0ZTctN2E4Ni00ZjQ1LWI4YjQtZjI3Mjc==")), null)).isEmpty();
	}

	@Test
	void shouldHonourOnlyTheConfiguredSessionCookieNames() {
		StickyRouteResolver onlyPhpSessions = new StickyRouteResolver(this.codec, TestMembers.of(MEMBERS),
				properties("PHPSESSID"));

		assertThat(onlyPhpSessions.resolve(request(new HttpCookie("JSESSIONID", "abc.was2")), null)).isEmpty();
		assertThat(onlyPhpSessions.resolve(request(new HttpCookie("PHPSESSID", "abc.was2")), null)).contains("was2");
		assertThat(this.resolver.resolve(request(new HttpCookie("jsessionid", "abc.was2")), null)).isEmpty();
	}

	@Test
	void shouldFollowAJsessionidPathParameterWhateverTheCaseOfItsName() {
		assertThat(this.resolver.resolve(MockServerHttpRequest.get("/app/cart;jsessionid=abc.was2").build(), null))
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
			assertThat(this.resolver.resolve(request(cookie), null)).as(cookie.toString()).isEmpty();
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
		assertThat(this.resolver.ownCookieMember(cookies, null)).isEmpty();
	}

	@Test
	void shouldTakeTheFirstOwnCookieThatDecodes() {
		MultiValueMap<String, HttpCookie> cookies = cookies(new HttpCookie("TANDEM_ROUTE", "stale"),
				new HttpCookie("TANDEM_ROUTE", token("was2")), new HttpCookie("TANDEM_ROUTE", token("was1")));

		assertThat(this.resolver.ownCookieMember(cookies, null)).contains("was2");
	}

	@Test
	void shouldFollowTheRouteOfAMemberWhoseRouteDiffersFromItsId() {
		StickyRouteResolver resolver = routedResolver("JSESSIONID", "ROUTEID");

		assertThat(resolver.resolve(request(new HttpCookie("JSESSIONID", "abc.tomcat2")), null)).contains("was2");
		assertThat(resolver.resolve(noCookies(), "/app;jsessionid=abc.tomcat1")).contains("was1");
		// httpd's ROUTEID=.<route>, and any text before the first '.'.
		assertThat(resolver.resolve(request(new HttpCookie("ROUTEID", ".3")), null)).contains("was.3");
		assertThat(resolver.resolve(request(new HttpCookie("ROUTEID", "route.3")), null)).contains("was.3");
		assertThat(resolver.resolve(request(new HttpCookie("ROUTEID", ".tomcat1")), null)).contains("was1");
	}

	@Test
	void shouldStillFollowTheIdOfAMemberWhoseRouteDiffers() {
		StickyRouteResolver resolver = routedResolver("JSESSIONID");

		assertThat(resolver.resolve(request(new HttpCookie("JSESSIONID", "abc.was2")), null)).contains("was2");
		assertThat(resolver.resolve(request(new HttpCookie("JSESSIONID", "abc.tomcat9")), null)).isEmpty();
		assertThat(resolver.resolve(request(new HttpCookie("JSESSIONID", "abc.Tomcat1")), null)).isEmpty();
	}

	@Test
	void shouldFollowRoutesOfMembersAddedLaterAndForgetThoseRemoved() {
		StickyRouteResolver resolver = routedResolver("JSESSIONID");

		this.routed.change((current) -> current.without("was2")
			.with(new Member("was4", URI.create("http://was4.local:8080"), 1, 0, AdminState.ACTIVE, "tomcat4")));

		assertThat(resolver.resolve(request(new HttpCookie("JSESSIONID", "abc.tomcat4")), null)).contains("was4");
		assertThat(resolver.resolve(request(new HttpCookie("JSESSIONID", "abc.tomcat2")), null)).isEmpty();
	}

	@Test
	void shouldReadTheParameterOfHttpdsCookieAndParameterFormFromThePathAndTheQuery() {
		StickyRouteResolver resolver = routedResolver("JSESSIONID|sid");

		assertThat(resolver.resolve(request(new HttpCookie("JSESSIONID", "abc.tomcat2")), null)).contains("was2");
		assertThat(resolver.resolve(request(new HttpCookie("sid", "abc.tomcat2")), null)).as("a cookie named sid")
			.isEmpty();
		assertThat(resolver.resolve(noCookies(), "/app;sid=abc.tomcat2", null)).contains("was2");
		assertThat(resolver.resolve(noCookies(), "/app;SID=abc.tomcat2/cart", null)).contains("was2");
		assertThat(resolver.resolve(noCookies(), "/app", "sid=abc.tomcat1")).contains("was1");
		assertThat(resolver.resolve(noCookies(), "/app", "page=2&Sid=abc.3&q=x")).contains("was.3");
		assertThat(resolver.resolve(MockServerHttpRequest.get("/app?x=1&sid=abc.tomcat2").build(), null))
			.contains("was2");
		// The default path parameter stays.
		assertThat(resolver.resolve(noCookies(), "/app;jsessionid=abc.tomcat1", null)).contains("was1");
	}

	@Test
	void shouldPreferTheCookieThenThePathThenTheQuery() {
		StickyRouteResolver resolver = routedResolver("JSESSIONID|jsessionid");
		MultiValueMap<String, HttpCookie> cookie = cookies(new HttpCookie("JSESSIONID", "abc.tomcat1"));

		assertThat(resolver.resolve(cookie, "/app;jsessionid=abc.tomcat2", "jsessionid=abc.3")).contains("was1");
		assertThat(resolver.resolve(noCookies(), "/app;jsessionid=abc.tomcat2", "jsessionid=abc.3")).contains("was2");
		assertThat(resolver.resolve(noCookies(), "/app", "jsessionid=abc.3")).contains("was.3");
	}

	@Test
	void shouldIgnoreAmbiguousUnknownAndMalformedQueryParameters() {
		StickyRouteResolver resolver = routedResolver("JSESSIONID|jsessionid");

		for (String query : List.of("jsessionid=a.tomcat1&jsessionid=b.tomcat2", "jsessionid=abc.tomcat9",
				"jsessionid=abc", "jsessionid=", "jsessionid", "xjsessionid=abc.tomcat1", "jsessionidx=abc.tomcat1",
				"jsessionid=abc.tomcat1%0d%0a", "jsessionid=" + "x".repeat(10_000) + ".tomcat1", "&&=&")) {
			assertThat(resolver.resolve(noCookies(), "/app", query)).as(query).isEmpty();
		}
	}

	@Test
	void shouldReadNoQueryParameterForAPlainCookieName() {
		StickyRouteResolver resolver = routedResolver("JSESSIONID");

		assertThat(resolver.resolve(noCookies(), "/app", "jsessionid=abc.tomcat1")).isEmpty();
		assertThat(resolver.resolve(noCookies(), "/app;jsessionid=abc.tomcat1", null)).contains("was1");
	}

	@Test
	void shouldReadOnlyTheGroupsOwnCookieAndRoutesOfTheGroupsMembers() {
		// Two applications on the same Tomcats, each a group of members with its own
		// cookie.
		List<String> ids = List.of("shop1", "shop2", "blog1");
		AffinityCookieCodec codec = new AffinityCookieCodec(ids, AffinityKey.of(ids, Optional.empty()));
		StickyRouteResolver resolver = new StickyRouteResolver(codec, TestMembers.inGroups("shop1", "tomcat1", "shop",
				"shop2", "tomcat2", "shop", "blog1", "tomcat1", "blog"), properties("JSESSIONID"));
		String shop2 = codec.encode("shop2").orElseThrow();
		String blog1 = codec.encode("blog1").orElseThrow();

		assertThat(resolver.cookieName("shop")).isEqualTo("TANDEM_ROUTE_shop");
		assertThat(resolver.cookieName(null)).isEqualTo("TANDEM_ROUTE");
		MultiValueMap<String, HttpCookie> both = cookies(new HttpCookie("TANDEM_ROUTE_shop", shop2),
				new HttpCookie("TANDEM_ROUTE_blog", blog1));
		assertThat(resolver.resolve(both, "/", null, "shop")).contains("shop2");
		assertThat(resolver.resolve(both, "/", null, "blog")).contains("blog1");
		assertThat(resolver.resolve(cookies(new HttpCookie("TANDEM_ROUTE", shop2)), "/", null, "shop"))
			.as("the cookie of routes to every member")
			.isEmpty();
		assertThat(resolver.resolve(cookies(new HttpCookie("TANDEM_ROUTE_blog", shop2)), "/", null, "blog"))
			.as("a value copied from another group's cookie")
			.isEmpty();
		assertThat(resolver.resolve(cookies(new HttpCookie("JSESSIONID", "abc.tomcat1")), "/", null, "shop"))
			.contains("shop1");
		assertThat(resolver.resolve(cookies(new HttpCookie("JSESSIONID", "abc.tomcat1")), "/", null, "blog"))
			.contains("blog1");
		assertThat(resolver.resolve(noCookies(), "/blog;jsessionid=abc.tomcat2", null, "blog")).isEmpty();
		assertThat(resolver.resolve(noCookies(), "/shop;jsessionid=abc.tomcat2", null, "shop")).contains("shop2");
	}

	private StickyRouteResolver routedResolver(String... sessionCookieNames) {
		List<String> ids = List.of("was1", "was2", "was.3");
		return new StickyRouteResolver(new AffinityCookieCodec(ids, AffinityKey.of(ids, Optional.empty())), this.routed,
				properties(sessionCookieNames));
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
