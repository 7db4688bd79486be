package dev.tandem.gateway.proxy;

import dev.tandem.gateway.testing.StubMember;
import dev.tandem.gateway.testing.StubMembers;
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
 * With {@code preserve-host} the member gets the client's Host; with
 * {@code reverse-rewrite} off its answer's addresses reach the client unchanged.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "tandem.gateway.health.enabled=false",
				"tandem.gateway.proxy.preserve-host=true", "tandem.gateway.proxy.reverse-rewrite=false" })
// Closed after the class: each context still cached when the fork ends takes about 2 s to
// close, and the fork must exit within 30 s.
@DirtiesContext
class GatewayPreserveHostIT {

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("was1");

	static final StubMember WAS1 = MEMBERS.get("was1");

	@LocalServerPort
	int port;

	@Test
	void shouldSendTheClientsHostAndLeaveTheAnswerAlone() {
		HttpHeaders answer = new HttpHeaders();
		answer.add(HttpHeaders.LOCATION, WAS1.uri() + "/login");
		answer.add(HttpHeaders.SET_COOKIE, "a=b; Domain=127.0.0.1");
		WAS1.answerWith(302, answer);

		HttpHeaders seen = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.build()
			.get()
			.uri("/cart")
			.header(HttpHeaders.HOST, "shop.example:8443")
			.exchange()
			.expectStatus()
			.isFound()
			.returnResult(String.class)
			.getResponseHeaders();

		assertThat(WAS1.received()).singleElement()
			.satisfies((received) -> assertThat(received.headers().get(HttpHeaders.HOST))
				.containsExactly("shop.example:8443"));
		assertThat(seen.getFirst(HttpHeaders.LOCATION)).isEqualTo(WAS1.uri() + "/login");
		assertThat(seen.get(HttpHeaders.SET_COOKIE)).contains("a=b; Domain=127.0.0.1");
	}

}
