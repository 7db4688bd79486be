package dev.tandem.gateway;

import java.util.List;

import dev.tandem.gateway.testing.StubMember;
import dev.tandem.gateway.testing.StubMembers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Configured routes, tried in order, judged by what the members received: an exclusion is
 * answered by the gateway in every spelling of its path and reaches no member; a route
 * that strips or adds a prefix hands the member the mapped path with its query; a route
 * for one host only matches that host; a path no route matches is answered 404.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "tandem.gateway.health.enabled=false",
				"tandem.gateway.ejection.consecutive-failures=0", "tandem.gateway.routes[0].path=/static/**",
				"tandem.gateway.routes[0].status=404", "tandem.gateway.routes[1].path=/app/**",
				"tandem.gateway.routes[1].strip-prefix=/app", "tandem.gateway.routes[2].path=/legacy/**",
				"tandem.gateway.routes[2].prefix=/old", "tandem.gateway.routes[3].path=/**",
				"tandem.gateway.routes[3].host=shop.example.org", "tandem.gateway.routes[4].path=/shop/**",
				"tandem.gateway.routes[5].path=/private/**", "tandem.gateway.routes[5].status=403" })
@DirtiesContext
class GatewayPathRoutesIT {

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("was1");

	static final StubMember WAS1 = MEMBERS.get("was1");

	@LocalServerPort
	int port;

	WebTestClient client;

	@BeforeEach
	void bindClient() {
		this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	@Test
	void shouldAnswerAnExcludedPathInEverySpellingWithoutAskingAMember() {
		for (String path : List.of("/static/site.css", "/static", "/STATIC/x", "/%73tatic/x", "/x/../static/y",
				"/static;v=1/x")) {
			this.client.get()
				.uri((builder) -> builder.path(path).build())
				.exchange()
				.expectStatus()
				.isNotFound()
				.expectBody(String.class)
				.isEqualTo("The gateway does not forward this path.\n");
		}
		this.client.post().uri("/private/keys").exchange().expectStatus().isForbidden();

		assertThat(WAS1.received()).as("requests the member received").isEmpty();
	}

	@Test
	void shouldHandTheMemberTheMappedPathWithItsQuery() {
		this.client.get().uri("/app/cart?item=1").exchange().expectStatus().isOk();
		this.client.get().uri("/app").exchange().expectStatus().isOk();
		this.client.get().uri("/legacy/report").exchange().expectStatus().isOk();
		this.client.get().uri("/shop/basket").exchange().expectStatus().isOk();

		assertThat(WAS1.uris()).containsExactly("/cart?item=1", "/", "/old/legacy/report", "/shop/basket");
		assertThat(WAS1.received().stream().map((received) -> received.headers().getFirst("X-Forwarded-Prefix")))
			.as("X-Forwarded-Prefix the member received")
			.containsExactly("/app", "/app", null, null);
	}

	@Test
	void shouldMatchAHostRouteOnlyForItsHost() {
		this.client.get().uri("/anything").header("Host", "shop.example.org").exchange().expectStatus().isOk();
		this.client.get()
			.uri("/anything")
			.header("Host", "other.example.org")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(String.class)
			.isEqualTo("No route of the gateway matches this path.\n");

		assertThat(WAS1.uris()).containsExactly("/anything");
	}

	@Test
	void shouldRefuseAPathThatSpellsItsPrefixOnlyEncoded() {
		this.client.get()
			.uri((builder) -> builder.path("/%61pp/cart").build())
			.exchange()
			.expectStatus()
			.isBadRequest();

		assertThat(WAS1.received()).isEmpty();
	}

}
