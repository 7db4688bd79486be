package dev.tandem.gateway.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.gateway.health.ActiveHealthChecker;
import dev.tandem.gateway.health.MemberHealth;
import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.Members;
import dev.tandem.gateway.testing.Management;
import dev.tandem.gateway.testing.StubMember;
import dev.tandem.gateway.testing.StubMembers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every change of the admin API through real HTTP, judged by what the stub members
 * received afterwards: new weights give their ratio, draining keeps sticky clients,
 * disabled gets nothing, an added member is probed and served, a removed one gets nothing
 * and its cookies fall back, recover returns an ejected member; and bad input is refused
 * with a sentence and changes nothing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "tandem.gateway.health.interval=600ms",
				"tandem.gateway.health.timeout=500ms", "tandem.gateway.health.fast-interval=100ms",
				"tandem.gateway.health.rise=1", "tandem.gateway.balancing.slow-start=0s",
				"tandem.gateway.ejection.duration=10m" })
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminApiIT {

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("was1", "was2").weight("was2", 5);

	static final StubMember WAS1 = MEMBERS.get("was1");

	static final StubMember WAS2 = MEMBERS.get("was2");

	static final StubMember ADDED = StubMember.start("was3");

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	Members members;

	@Autowired
	ActiveHealthChecker checker;

	@AfterAll
	static void closeAdded() {
		ADDED.close();
	}

	@Test
	@Order(1)
	void shouldGiveNewClientsTheNewWeightsRatio() {
		assertThat(newClients(6)).containsEntry("was1", 1L).containsEntry("was2", 5L);

		patch("was1", "{\"weight\": 3, \"reason\": \"more for was1\"}").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.weight")
			.isEqualTo(3);
		patch("was2", "{\"weight\": 1}").expectStatus().isOk();

		assertThat(newClients(8)).containsEntry("was1", 6L).containsEntry("was2", 2L);
		JsonNode listed = members();
		assertThat(listed.at("/members/0/weight").asInt()).isEqualTo(3);
		assertThat(listed.at("/members/1/weight").asInt()).isEqualTo(1);
	}

	@Test
	@Order(2)
	void shouldKeepStickyClientsOfADrainingMemberAndSendNewOnesElsewhere() {
		patch("was1", "{\"weight\": 1}").expectStatus().isOk();
		patch("was2", "{\"weight\": 1}").expectStatus().isOk();
		String was1Cookie = stickyCookieOf(WAS1);
		MEMBERS.forget();

		patch("was1", "{\"state\": \"draining\", \"reason\": \"maintenance\"}").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.state")
			.isEqualTo("draining");
		assertThat(newClients(4)).containsOnlyKeys("was2").containsEntry("was2", 4L);
		for (int i = 0; i < 3; i++) {
			client().get().uri("/sticky?n=" + i).cookie("TANDEM_ROUTE", was1Cookie).exchange().expectStatus().isOk();
		}

		assertThat(WAS1.uris()).containsExactly("/sticky?n=0", "/sticky?n=1", "/sticky?n=2");
		assertThat(members().at("/members/0/state").asText()).isEqualTo("draining");
	}

	@Test
	@Order(3)
	void shouldSendNothingToADisabledMember() {
		patch("was1", "{\"state\": \"active\"}").expectStatus().isOk();
		String was1Cookie = stickyCookieOf(WAS1);
		MEMBERS.forget();

		patch("was1", "{\"state\": \"disabled\"}").expectStatus().isOk();
		assertThat(newClients(3)).containsOnlyKeys("was2");
		client().get().uri("/sticky").cookie("TANDEM_ROUTE", was1Cookie).exchange().expectStatus().isOk();

		assertThat(WAS1.received()).isEmpty();
		assertThat(WAS2.uris()).hasSize(4);
		patch("was1", "{\"state\": \"active\"}").expectStatus().isOk();
	}

	@Test
	@Order(4)
	void shouldServeAnAddedMemberAndForgetARemovedOne() {
		post("/api/members", "{\"id\": \"was3\", \"uri\": \"" + ADDED.uri() + "\", \"weight\": 1}").expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo("was3");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.checker.snapshot().member("was3").map(MemberHealth::consecutivePasses).orElse(0) >= 1);
		assertThat(newClients(6)).containsEntry("was3", 2L);
		String was3Cookie = stickyCookieOf(ADDED);

		management().delete().uri("/api/members/was3").exchange().expectStatus().isEqualTo(409);
		patch("was3", "{\"state\": \"draining\"}").expectStatus().isOk();
		management().delete().uri("/api/members/was3?reason=done").exchange().expectStatus().isNoContent();
		assertThat(newClients(4)).containsOnlyKeys("was1", "was2");
		client().get().uri("/old-cookie").cookie("TANDEM_ROUTE", was3Cookie).exchange().expectStatus().isOk();
		await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> ADDED.probes().isEmpty());
		assertThat(ADDED.received()).isEmpty();
		assertThat(Stream.concat(WAS1.uris().stream(), WAS2.uris().stream())).contains("/old-cookie").hasSize(5);
		assertThat(this.members.current().ids()).containsExactly("was1", "was2");
	}

	@Test
	@Order(5)
	void shouldReturnAnEjectedMemberOnRecover() {
		WAS1.stop();
		// A refused connection ejects was1 for ten minutes; the request fails over.
		for (int i = 0; i < 4; i++) {
			client().get().uri("/eject?n=" + i).exchange().expectStatus().isOk();
		}
		WAS1.restart();
		assertThat(members().at("/members/0/health/ejected").asBoolean()).isTrue();
		MEMBERS.forget();

		post("/api/members/was1/recover", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.health.ejected")
			.isEqualTo(false);
		await().atMost(Duration.ofSeconds(10)).until(() -> !WAS1.probes().isEmpty());

		assertThat(newClients(4)).containsEntry("was1", 2L).containsEntry("was2", 2L);
	}

	@Test
	@Order(6)
	void shouldAuditEveryChange() {
		JsonNode entries = Management.viewer(this.managementPort)
			.get()
			.uri("/api/audit?limit=50")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.path("entries");

		assertThat(entries).isNotEmpty();
		JsonNode recover = entries.get(0);
		assertThat(recover.path("action").asText()).isEqualTo("recover");
		assertThat(recover.path("user").asText()).isEqualTo(Management.ADMIN);
		assertThat(recover.path("member").asText()).isEqualTo("was1");
		assertThat(recover.path("address").asText()).isEqualTo("127.0.0.1");
		JsonNode firstWeight = entries.get(entries.size() - 1);
		assertThat(firstWeight.path("action").asText()).isEqualTo("weight");
		assertThat(firstWeight.path("before").asInt()).isEqualTo(1);
		assertThat(firstWeight.path("after").asInt()).isEqualTo(3);
		assertThat(firstWeight.path("reason").asText()).isEqualTo("more for was1");
		assertThat(entries).anySatisfy((entry) -> {
			assertThat(entry.path("action").asText()).isEqualTo("state");
			assertThat(entry.path("after").asText()).isEqualTo("draining");
			assertThat(entry.path("reason").asText()).isEqualTo("maintenance");
		});
	}

	@Test
	@Order(7)
	void shouldRefuseAStaleVersion() {
		long version = members().path("version").asLong();

		patch("was2", "{\"weight\": 2, \"version\": " + version + "}").expectStatus().isOk();
		patch("was2", "{\"weight\": 4, \"version\": " + version + "}").expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("changed since version " + version));
		management().patch()
			.uri("/api/members/was2")
			.header("If-Match", "\"" + version + "\"")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"weight\": 4}")
			.exchange()
			.expectStatus()
			.isEqualTo(409);

		assertThat(this.members.current().member("was2").orElseThrow().weight()).isEqualTo(2);
	}

	static Stream<Arguments> badInput() {
		String huge = "{\"reason\": \"" + "x".repeat(20_000) + "\"}";
		return Stream
			.of(Arguments.of("PATCH", "/api/members/was1", "{\"weight\": \"three\"}", 400, "weight"),
					Arguments.of("PATCH", "/api/members/was1", "{\"weight\": 2.5}", 400, "weight"),
					Arguments.of("PATCH", "/api/members/was1", "{\"weight\": -1}", 400, "weight"),
					Arguments.of("PATCH", "/api/members/was1", "{\"weight\": 99999999999}", 400, "weight"),
					Arguments.of("PATCH", "/api/members/was1", "{\"weight\": 1001}", 400, "weight"),
					Arguments.of("PATCH", "/api/members/was1", "{\"tier\": -3}", 400, "tier"),
					Arguments.of("PATCH", "/api/members/was1", "{\"state\": \"sleepy\"}", 400, "state"),
					Arguments.of("PATCH", "/api/members/was1", "{\"state\": 1}", 400, "state"),
					Arguments.of("PATCH", "/api/members/was1", "{\"wieght\": 3}", 400, "wieght"),
					Arguments.of("PATCH", "/api/members/was1", "{}", 400, "at least one"),
					Arguments.of("PATCH", "/api/members/was1", "[1, 2]", 400, "JSON object"),
					Arguments.of("PATCH", "/api/members/was1", "{\"weight\": 3", 400, "not valid JSON"),
					Arguments.of("PATCH", "/api/members/was1", "", 400, "JSON object"),
					Arguments.of("PATCH", "/api/members/was1", huge, 413, "larger than"),
					Arguments.of("PATCH", "/api/members/was1", "{\"state\": \"draining\", \"expiresAfter\": \"soon\"}",
							400, "expiresAfter"),
					Arguments.of("PATCH", "/api/members/was1", "{\"reason\": \"line\\nbreak\", \"weight\": 1}", 400,
							"reason"),
					Arguments.of("PATCH", "/api/members/nobody", "{\"weight\": 3}", 404, "nobody"),
					Arguments.of("PATCH", "/api/members/..%2F..%2Fetc", "{\"weight\": 3}", 400, "refused"),
					Arguments.of("PATCH", "/api/members/%E2%98%83%3Cscript%3E", "{\"weight\": 3}", 400, "refused"),
					Arguments.of("PATCH", "/api/members/was1%3Bx", "{\"weight\": 3}", 400, "refused"),
					Arguments.of("PATCH", "/api/members/" + "a".repeat(300), "{\"weight\": 3}", 404, "no member"),
					Arguments.of("POST", "/api/members", "{\"id\": \"bad id!\", \"uri\": \"http://127.0.0.1:1\"}", 400,
							"id must be"),
					Arguments.of("POST", "/api/members", "{\"id\": \"was9\", \"uri\": \"ftp://127.0.0.1:1\"}", 400,
							"uri must be"),
					Arguments.of("POST", "/api/members", "{\"id\": \"was9\", \"uri\": \"http://127.0.0.1:1/path\"}",
							400, "uri must be"),
					Arguments.of("POST", "/api/members", "{\"id\": \"was9\"}", 400, "uri must be"),
					Arguments.of("POST", "/api/members", "{\"id\": \"was1\", \"uri\": \"http://127.0.0.1:1\"}", 409,
							"exists already"),
					Arguments.of("POST", "/api/members",
							"{\"id\": \"was9\", \"uri\": \"http://127.0.0.1:1\", \"x\": 1}", 400, "Unknown field 'x'"),
					Arguments.of("DELETE", "/api/members/was1?force=maybe", null, 400, "force"),
					Arguments.of("DELETE", "/api/members/nobody", null, 404, "nobody"),
					Arguments.of("GET", "/api/audit?limit=-5", null, 400, "limit"),
					Arguments.of("POST", "/api/rolling-restart", "{\"reason\": 5}", 400, "reason"),
					Arguments.of("POST", "/api/rolling-restart", null, 409, "node-restart-token"),
					Arguments.of("DELETE", "/api/rolling-restart", null, 409, "No rolling restart"));
	}

	@Order(8)
	@ParameterizedTest(name = "{0} {1} {2} -> {3}")
	@MethodSource("badInput")
	void shouldRefuseBadInputWithASentenceAndChangeNothing(String method, String path, String body, int status,
			String sentence) {
		long version = members().path("version").asLong();
		List<Member> before = this.members.current().members();

		WebTestClient.RequestBodySpec request = management().method(HttpMethod.valueOf(method)).uri(path);
		WebTestClient.ResponseSpec response = (body != null)
				? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange() : request.exchange();

		response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).containsIgnoringCase(sentence).doesNotContain("Exception"));
		assertThat(members().path("version").asLong()).isEqualTo(version);
		assertThat(this.members.current().members()).isEqualTo(before);
	}

	@Test
	@Order(9)
	void shouldRefuseAFormBody() {
		management().patch()
			.uri("/api/members/was1")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("weight=3")
			.exchange()
			.expectStatus()
			.isEqualTo(415);
	}

	/** Send new clients, then count those each member received. */
	private Map<String, Long> newClients(int count) {
		MEMBERS.forget();
		ADDED.forget();
		for (int i = 0; i < count; i++) {
			client().get().uri("/new?n=" + i).exchange().expectStatus().isOk();
		}
		return Stream.of(WAS1, WAS2, ADDED)
			.flatMap((
					member) -> member.uris().stream().filter((uri) -> uri.startsWith("/new")).map((uri) -> member.id()))
			.collect(Collectors.groupingBy((id) -> id, Collectors.counting()));
	}

	/** The affinity cookie of a new client that the given member served. */
	private String stickyCookieOf(StubMember member) {
		for (int i = 0; i < 20; i++) {
			int before = member.uris().size();
			ResponseCookie cookie = client().get()
				.uri("/pin?n=" + i)
				.exchange()
				.expectStatus()
				.isOk()
				.returnResult(String.class)
				.getResponseCookies()
				.getFirst("TANDEM_ROUTE");
			if (member.uris().size() > before && cookie != null) {
				return cookie.getValue();
			}
		}
		throw new AssertionError("no new client reached " + member.id());
	}

	private JsonNode members() {
		return Management.members(this.managementPort);
	}

	private WebTestClient.ResponseSpec patch(String id, String body) {
		return management().patch()
			.uri("/api/members/" + id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private WebTestClient.ResponseSpec post(String path, String body) {
		WebTestClient.RequestBodySpec request = management().post().uri(path);
		return (body != null) ? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
				: request.exchange();
	}

	private WebTestClient management() {
		return Management.admin(this.managementPort);
	}

	private WebTestClient client() {
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

}
