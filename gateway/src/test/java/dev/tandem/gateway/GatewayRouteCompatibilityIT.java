package dev.tandem.gateway;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.gateway.testing.Management;
import dev.tandem.gateway.testing.StubMember;
import dev.tandem.gateway.testing.StubMembers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stickiness an old front (mod_jk, httpd's mod_proxy_balancer) gave its users
 * survives the cutover: members whose routes differ from their ids get the requests whose
 * session ids carry those routes, in a cookie, a {@code ;jsessionid=} path parameter, a
 * {@code ?jsessionid=} query parameter (httpd's {@code JSESSIONID|jsessionid}) or httpd's
 * {@code ROUTEID} cookie, judged by what each stub member received. Each request is a
 * first request: it carries no cookie of the gateway's own.
 */
// Health checks and passive ejection stay off, as in GatewayAffinityIT: only the routes
// decide here.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "tandem.gateway.health.enabled=false",
				"tandem.gateway.ejection.consecutive-failures=0", "tandem.gateway.balancing.slow-start=0s",
				"tandem.gateway.affinity.session-cookie-names=JSESSIONID|jsessionid,ROUTEID" })
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayRouteCompatibilityIT {

	static final int IN_A_ROW = 4;

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("was1", "was2", "was3")
		.route("was1", "tomcat1")
		.route("was2", "tomcat2")
		.route("was3", "3");

	static final StubMember WAS1 = MEMBERS.get("was1");

	static final StubMember WAS2 = MEMBERS.get("was2");

	static final StubMember WAS3 = MEMBERS.get("was3");

	static final StubMember ADDED = StubMember.start("was4");

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	WebTestClient client;

	@BeforeEach
	void bindClient() {
		this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	@AfterAll
	static void closeAdded() {
		ADDED.close();
	}

	@Test
	@Order(1)
	void shouldSendASessionCookieWithAnOldRouteToTheMemberWithThatRoute() {
		for (int i = 0; i < IN_A_ROW; i++) {
			this.client.get().uri("/cart").cookie("JSESSIONID", "abc.tomcat2").exchange().expectStatus().isOk();
		}

		assertThat(WAS2.received()).hasSize(IN_A_ROW)
			.allSatisfy((received) -> assertThat(received.headers().getFirst(HttpHeaders.COOKIE))
				.isEqualTo("JSESSIONID=abc.tomcat2"));
		assertThat(WAS1.received()).isEmpty();
		assertThat(WAS3.received()).isEmpty();
	}

	@Test
	@Order(2)
	void shouldSendAJsessionidPathParameterWithAnOldRouteToTheMemberWithThatRoute() {
		for (int i = 0; i < IN_A_ROW; i++) {
			this.client.get().uri("/cart;jsessionid=abc.tomcat2").exchange().expectStatus().isOk();
		}

		assertThat(WAS2.received()).hasSize(IN_A_ROW)
			.allSatisfy((received) -> assertThat(received.uri()).isEqualTo("/cart;jsessionid=abc.tomcat2"));
		assertThat(WAS1.received()).isEmpty();
		assertThat(WAS3.received()).isEmpty();
	}

	@Test
	@Order(3)
	void shouldSendAJsessionidQueryParameterWithAnOldRouteToTheMemberWithThatRoute() {
		for (int i = 0; i < IN_A_ROW; i++) {
			this.client.get().uri("/cart?item=" + i + "&jsessionid=abc.tomcat1").exchange().expectStatus().isOk();
		}

		assertThat(WAS1.uris()).containsExactly("/cart?item=0&jsessionid=abc.tomcat1",
				"/cart?item=1&jsessionid=abc.tomcat1", "/cart?item=2&jsessionid=abc.tomcat1",
				"/cart?item=3&jsessionid=abc.tomcat1");
		assertThat(WAS2.received()).isEmpty();
		assertThat(WAS3.received()).isEmpty();
	}

	@Test
	@Order(4)
	void shouldFollowHttpdsRouteidCookieByTheTextAfterItsFirstDot() {
		// httpd sets it as ROUTEID=.<route>; any text before the first '.' is ignored.
		for (String value : new String[] { ".tomcat1", "route.3", ".3" }) {
			MEMBERS.forget();
			StubMember expected = value.endsWith("3") ? WAS3 : WAS1;

			for (int i = 0; i < IN_A_ROW; i++) {
				this.client.get().uri("/cart").cookie("ROUTEID", value).exchange().expectStatus().isOk();
			}

			assertThat(expected.received()).as(value).hasSize(IN_A_ROW);
			assertThat(MEMBERS.stream().filter((member) -> member != expected).flatMap((m) -> m.received().stream()))
				.as(value)
				.isEmpty();
		}
	}

	@Test
	@Order(5)
	void shouldStillFollowAMembersIdSoSessionsThatCarryItAreNotStranded() {
		for (int i = 0; i < IN_A_ROW; i++) {
			this.client.get().uri("/cart").cookie("JSESSIONID", "abc.was3").exchange().expectStatus().isOk();
		}

		assertThat(WAS3.received()).hasSize(IN_A_ROW);
		assertThat(WAS1.received()).isEmpty();
		assertThat(WAS2.received()).isEmpty();
	}

	@Test
	@Order(6)
	void shouldBalanceNormallyWhenTheRouteNamesNoMember() {
		for (int i = 0; i < 6; i++) {
			String setCookie = this.client.get()
				.uri("/cart;jsessionid=abc.tomcat9")
				.cookie("JSESSIONID", "abc.tomcat9")
				.cookie("ROUTEID", ".tomcat9")
				.exchange()
				.expectStatus()
				.isOk()
				.returnResult(String.class)
				.getResponseHeaders()
				.getFirst(HttpHeaders.SET_COOKIE);
			assertThat(setCookie).as("pinned by the gateway's own cookie").startsWith("TANDEM_ROUTE=");
		}

		// Equal weights, round robin: no member stands out, every member gets its turn.
		Map<String, Long> served = MEMBERS.stream()
			.collect(Collectors.toMap(StubMember::id, (member) -> (long) member.received().size()));
		assertThat(served).containsEntry("was1", 2L).containsEntry("was2", 2L).containsEntry("was3", 2L);
	}

	@Test
	@Order(7)
	void shouldListEachMembersRouteAndTakeTheRouteOfAnAddedMember() {
		JsonNode listed = members();
		Map<String, String> routes = stream(listed.path("members")).collect(
				Collectors.toMap((member) -> member.path("id").asText(), (member) -> member.path("route").asText()));
		assertThat(routes)
			.containsExactlyInAnyOrderEntriesOf(Map.of("was1", "tomcat1", "was2", "tomcat2", "was3", "3"));

		post("{\"id\": \"was5\", \"uri\": \"http://127.0.0.1:1\", \"route\": \"tomcat1\"}").expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo(
					"Member 'was1' has the route 'tomcat1' already; give the new member another route, or both members different groups.");
		post("{\"id\": \"was4\", \"uri\": \"" + ADDED.uri() + "\", \"route\": \"tomcat4\", \"state\": \"draining\"}")
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.route")
			.isEqualTo("tomcat4");
		// Draining takes no new clients, so only the route can bring requests to it.
		for (int i = 0; i < IN_A_ROW; i++) {
			this.client.get().uri("/cart").cookie("JSESSIONID", "abc.tomcat4").exchange().expectStatus().isOk();
		}

		assertThat(ADDED.received()).hasSize(IN_A_ROW);
		assertThat(members().at("/members/3/route").asText()).isEqualTo("tomcat4");
	}

	private JsonNode members() {
		return Management.viewer(this.managementPort)
			.get()
			.uri("/api/members")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec post(String body) {
		return Management.admin(this.managementPort)
			.post()
			.uri("/api/members")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private static Stream<JsonNode> stream(JsonNode array) {
		return StreamSupport.stream(array.spliterator(), false);
	}

}
