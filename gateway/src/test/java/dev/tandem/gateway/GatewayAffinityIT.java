package dev.tandem.gateway;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import dev.tandem.gateway.testing.StubMember;
import dev.tandem.gateway.testing.StubMembers;
import dev.tandem.shared.TandemHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client affinity through the gateway in front of two active stub members, judged by
 * which member received each request: the gateway pins a client with its cookie, replaces
 * a forged value, re-pins a client after its member fails, and follows session routes.
 */
// Health checks and passive ejection would carry one test's stopped members into the
// next; GatewayBalancingIT covers them.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "management.server.port=0",
		"tandem.gateway.health.enabled=false", "tandem.gateway.ejection.consecutive-failures=0" })
class GatewayAffinityIT {

	static final String COOKIE = "TANDEM_ROUTE";

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("was1", "was2");

	static final StubMember WAS1 = MEMBERS.get("was1");

	static final StubMember WAS2 = MEMBERS.get("was2");

	@LocalServerPort
	int port;

	WebTestClient client;

	@BeforeEach
	void bindClient() {
		this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	@Test
	void shouldPinANewClientWithAnOpaqueHttpOnlyLaxSessionCookie() {
		EntityExchangeResult<String> first = get("/hello", null);

		String setCookie = onlySetCookie(first);
		String token = cookieValue(first);
		// Attribute names are case-insensitive (Netty writes "HTTPOnly"); nothing else
		// may be there: no Secure over plain HTTP, no Max-Age or Expires, no Domain.
		assertThat(setCookie).startsWith(COOKIE + "=" + token + "; ");
		assertThat(Stream.of(setCookie.split("; ")).skip(1).map((attribute) -> attribute.toLowerCase(Locale.ROOT)))
			.containsExactlyInAnyOrder("path=/", "httponly", "samesite=lax");
		assertThat(token).doesNotContain("was1", "was2", ":", "127.0.0.1");
	}

	@Test
	void shouldSendEveryRequestOfAPinnedClientToItsMember() {
		EntityExchangeResult<String> first = get("/hello", null);
		StubMember pinned = servedBy(first);
		String token = cookieValue(first);

		for (int i = 0; i < 6; i++) {
			EntityExchangeResult<String> next = get("/hello?i=" + i, token);
			assertThat(next.getResponseHeaders().get(HttpHeaders.SET_COOKIE)).as("cookie re-sent unchanged").isNull();
		}

		assertThat(pinned.received()).hasSize(7);
		assertThat(other(pinned).received()).isEmpty();
	}

	@Test
	void shouldServeAForgedOrUnknownCookieNormallyAndReplaceIt() {
		for (String forged : List.of("was1", "was2", "127.0.0.1:8081", "AAAAAAAAAAAAAAAAAAAAAA", "%00garbage")) {
			MEMBERS.forget();

			EntityExchangeResult<String> result = get("/hello", forged);
			StubMember served = servedBy(result);
			String fresh = cookieValue(result);
			get("/hello", fresh);
			get("/hello", fresh);

			assertThat(fresh).as(forged).isNotEqualTo(forged);
			assertThat(served.received()).as(forged).hasSize(3);
			assertThat(other(served).received()).as(forged).isEmpty();
		}
	}

	@Test
	void shouldRepinAClientToTheMemberThatServesItAfterItsMemberStops() {
		EntityExchangeResult<String> first = get("/hello", null);
		StubMember pinned = servedBy(first);
		StubMember survivor = other(pinned);
		pinned.stop();
		MEMBERS.forget();

		EntityExchangeResult<String> failedOver = get("/session", cookieValue(first));
		String repinned = cookieValue(failedOver);
		pinned.restart();
		get("/session", repinned);
		get("/session", repinned);

		assertThat(servedBy(failedOver)).isSameAs(survivor);
		assertThat(repinned).isNotEqualTo(cookieValue(first));
		assertThat(survivor.received()).extracting(StubMember.Received::path)
			.containsExactly("/session", "/session", "/session");
		assertThat(pinned.received()).isEmpty();
	}

	@Test
	void shouldFollowTheRouteSuffixOfTheSessionCookie() {
		for (int i = 0; i < 4; i++) {
			EntityExchangeResult<String> result = this.client.get()
				.uri("/session")
				.cookie("JSESSIONID", "x.was2")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult();
			assertThat(cookieValue(result)).as("the gateway's own cookie is added").isNotBlank();
		}

		assertThat(WAS2.received()).hasSize(4)
			.allSatisfy((received) -> assertThat(received.headers().getFirst(HttpHeaders.COOKIE))
				.contains("JSESSIONID=x.was2"));
		assertThat(WAS1.received()).isEmpty();
	}

	@Test
	void shouldFollowAJsessionidPathParameter() {
		for (int i = 0; i < 4; i++) {
			this.client.get().uri("/app;jsessionid=x.was1").exchange().expectStatus().isOk();
		}

		assertThat(WAS1.received()).hasSize(4)
			.allSatisfy((received) -> assertThat(received.path()).isEqualTo("/app;jsessionid=x.was1"));
		assertThat(WAS2.received()).isEmpty();
	}

	@Test
	void shouldSetNoCookieWhenNoMemberAnswers() {
		WAS1.stop();
		WAS2.stop();

		EntityExchangeResult<String> result = this.client.get()
			.uri("/hello")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.BAD_GATEWAY)
			.expectBody(String.class)
			.returnResult();

		assertThat(result.getResponseHeaders().get(HttpHeaders.SET_COOKIE)).isNull();
	}

	private EntityExchangeResult<String> get(String path, String token) {
		WebTestClient.RequestHeadersSpec<?> request = this.client.get().uri(path);
		if (token != null) {
			request = request.cookie(COOKIE, token);
		}
		return request.exchange().expectStatus().isOk().expectBody(String.class).returnResult();
	}

	private static String onlySetCookie(EntityExchangeResult<String> result) {
		List<String> setCookies = result.getResponseHeaders().get(HttpHeaders.SET_COOKIE);
		assertThat(setCookies).as("Set-Cookie").hasSize(1);
		return setCookies.get(0);
	}

	private static String cookieValue(EntityExchangeResult<String> result) {
		String setCookie = onlySetCookie(result);
		assertThat(setCookie).startsWith(COOKIE + "=");
		return setCookie.substring(COOKIE.length() + 1, setCookie.indexOf(';'));
	}

	private static StubMember servedBy(EntityExchangeResult<String> result) {
		String node = result.getResponseHeaders().getFirst(TandemHeaders.NODE);
		assertThat(node).isIn("was1", "was2").isEqualTo(result.getResponseBody());
		return "was1".equals(node) ? WAS1 : WAS2;
	}

	private static StubMember other(StubMember member) {
		return (member == WAS1) ? WAS2 : WAS1;
	}

}
