package dev.tandem.gateway.proxy;

import dev.tandem.gateway.testing.StubMember;
import dev.tandem.gateway.testing.StubMembers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member that ignores the forwarding headers redirects to its own address and scopes a
 * cookie to its own host; the client sees the gateway's address instead, and the member
 * got its own Host (httpd's ProxyPreserveHost Off).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "tandem.gateway.health.enabled=false" })
// Closed after the class: each context still cached when the fork ends takes about 2 s to
// close, and the fork must exit within 30 s.
@DirtiesContext
class GatewayReverseRewriteIT {

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("was1");

	static final StubMember WAS1 = MEMBERS.get("was1");

	@LocalServerPort
	int port;

	WebTestClient client;

	@BeforeEach
	void answerWithARedirectToTheMembersOwnAddress() {
		this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		HttpHeaders headers = new HttpHeaders();
		headers.add(HttpHeaders.LOCATION, WAS1.uri() + "/login?next=%2Fcart");
		headers.add(HttpHeaders.CONTENT_LOCATION, WAS1.uri() + "/cart/1");
		headers.add("Refresh", "5; url=" + WAS1.uri() + "/later");
		headers.add(HttpHeaders.SET_COOKIE, "a=b; Domain=127.0.0.1; Path=/");
		headers.add(HttpHeaders.LINK, WAS1.uri() + "/left-alone");
		WAS1.answerWith(302, headers);
	}

	@Test
	void shouldSendTheClientToTheAddressItUsed() {
		HttpHeaders seen = this.client.get()
			.uri("/cart")
			.exchange()
			.expectStatus()
			.isFound()
			.returnResult(String.class)
			.getResponseHeaders();

		String gateway = "http://127.0.0.1:" + this.port;
		assertThat(seen.get(HttpHeaders.LOCATION)).containsExactly(gateway + "/login?next=%2Fcart");
		assertThat(seen.get(HttpHeaders.CONTENT_LOCATION)).containsExactly(gateway + "/cart/1");
		assertThat(seen.get("Refresh")).containsExactly("5; url=" + gateway + "/later");
		assertThat(seen.get(HttpHeaders.SET_COOKIE)).contains("a=b; Path=/")
			.noneMatch((cookie) -> cookie.contains("Domain"));
		assertThat(seen.get(HttpHeaders.LINK)).containsExactly(WAS1.uri() + "/left-alone");
		assertThat(WAS1.received()).singleElement()
			.satisfies((received) -> assertThat(received.headers().getFirst(HttpHeaders.HOST))
				.isEqualTo("127.0.0.1:" + WAS1.port()));
	}

	@Test
	void shouldUseTheHostTheClientAskedFor() {
		HttpHeaders seen = this.client.get()
			.uri("/cart")
			.header(HttpHeaders.HOST, "shop.example:8443")
			.exchange()
			.expectStatus()
			.isFound()
			.returnResult(String.class)
			.getResponseHeaders();

		assertThat(seen.getFirst(HttpHeaders.LOCATION)).isEqualTo("http://shop.example:8443/login?next=%2Fcart");
	}

}
