package dev.tandem.gateway.witness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.gateway.testing.Management;
import dev.tandem.gateway.testing.StubMember;
import dev.tandem.gateway.testing.StubMembers;
import dev.tandem.shared.TandemHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway as the session cluster's witness, against three stub was-nodes that report
 * cluster views in their readiness answers and name the view they answered in, as
 * was-nodes do. Judged by what each member received and what the client got: a node cut
 * off from its peers gets no traffic until it reports the winning view again; an answer
 * written in a view that never wins is not passed on (a {@code GET} is answered by
 * another member, a {@code POST} gets a 502); an answer written in a new view that then
 * wins is passed on; {@code X-Tandem-View} never reaches the client.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "tandem.gateway.health.interval=300ms",
				"tandem.gateway.health.fast-interval=100ms", "tandem.gateway.health.timeout=250ms",
				"tandem.gateway.health.rise=1", "tandem.gateway.ejection.consecutive-failures=0",
				"tandem.gateway.witness.confirm-timeout=1500ms", "tandem.gateway.witness.confirm-interval=100ms" })
class GatewayWitnessIT {

	private static final String PI1 = "10.0.0.11:5701";

	private static final String PI2 = "10.0.0.12:5701";

	private static final String PI3 = "10.0.0.13:5701";

	private static final String ALL = "view-all";

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("was1", "was2", "was3");

	static final StubMember WAS1 = MEMBERS.get("was1");

	static final StubMember WAS2 = MEMBERS.get("was2");

	static final StubMember WAS3 = MEMBERS.get("was3");

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void shouldRouteOnlyToTheWinningViewAndLetACutOffNodeBackOnceItHasMerged() {
		allIn(ALL);
		awaitWitness((witness) -> witness.path("supporters").size() == 3);
		assertThat(served(30)).contains("was1", "was2", "was3");

		// was1 is cut off from its peers: alone in its view, the others in theirs.
		WAS1.reportView("view-1", PI1, PI1);
		WAS1.answerInView("view-1");
		WAS2.reportView("view-23", PI2, PI2, PI3);
		WAS3.reportView("view-23", PI3, PI2, PI3);
		WAS2.answerInView("view-23");
		WAS3.answerInView("view-23");
		// First with its old view of all three, which the others have left; then alone.
		JsonNode witness = awaitWitness((current) -> current.path("excluded").size() == 1
				&& current.path("excluded").get(0).path("reason").asText().startsWith("its cluster view (1 member)"));
		assertThat(witness.path("excluded").get(0).path("member").asText()).isEqualTo("was1");
		assertThat(witness.path("excluded").get(0).path("reason").asText())
			.isEqualTo("its cluster view (1 member) lost to the view of was2, was3 (2 members)");
		assertThat(witness.path("winningView").toString()).isEqualTo("[\"" + PI2 + "\",\"" + PI3 + "\"]");
		assertThat(member("was1").path("witness").path("included").asBoolean()).isFalse();

		WAS1.forget();
		assertThat(served(30)).containsOnly("was2", "was3");
		assertThat(WAS1.received()).as("requests the excluded member received").isEmpty();

		// Merged back: one view again.
		allIn(ALL);
		awaitWitness((current) -> current.path("excluded").isEmpty() && current.path("supporters").size() == 3);
		assertThat(served(30)).contains("was1");
	}

	@Test
	void shouldHoldBackAnAnswerWrittenInAViewThatNeverWins() {
		allIn(ALL);
		awaitWitness((witness) -> witness.path("supporters").size() == 3);
		// was2's probes still report the winning view, but it answers from a view of its
		// own,
		// as a node does whose peers were just declared gone.
		WAS2.answerInView("view-2-alone");
		MEMBERS.forEach(StubMember::forget);

		List<EntityExchangeResult<String>> gets = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			gets.add(client().get().uri("/session?i=" + i).exchange().expectBody(String.class).returnResult());
		}

		assertThat(WAS2.received()).as("GETs was2 received").isNotEmpty();
		assertThat(gets).allSatisfy((result) -> {
			assertThat(result.getStatus().value()).isEqualTo(200);
			assertThat(result.getResponseBody()).isNotEqualTo("was2");
			assertThat(result.getResponseHeaders().get(TandemHeaders.VIEW)).isNull();
		});

		MEMBERS.forEach(StubMember::forget);
		Map<String, Integer> statusByBody = new java.util.LinkedHashMap<>();
		for (int i = 0; i < 12; i++) {
			String body = "post-" + i;
			statusByBody.put(body,
					client().post()
						.uri("/form")
						.bodyValue(body)
						.exchange()
						.returnResult(String.class)
						.getStatus()
						.value());
		}
		List<String> reachedWas2 = WAS2.bodies();
		assertThat(reachedWas2).as("POSTs was2 received").isNotEmpty();
		statusByBody
			.forEach((body, status) -> assertThat(status).as(body).isEqualTo(reachedWas2.contains(body) ? 502 : 200));
		assertThat(WAS1.bodies()).doesNotContainAnyElementsOf(reachedWas2);
		assertThat(WAS3.bodies()).doesNotContainAnyElementsOf(reachedWas2);
	}

	@Test
	void shouldPassOnAnAnswerWrittenInANewViewOnceThatViewWins() {
		allIn(ALL);
		awaitWitness((witness) -> witness.path("supporters").size() == 3);

		// Every node moves to a new view (a member joined), answers first, probes after.
		MEMBERS.forEach((member) -> member.answerInView("view-grown"));
		MEMBERS.forEach((member) -> member.reportView("view-grown", selfOf(member), PI1, PI2, PI3, "10.0.0.14:5701"));
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			statuses.add(client().get().uri("/hello?i=" + i).exchange().returnResult(String.class).getStatus().value());
		}

		assertThat(statuses).containsOnly(200);
		assertThat(awaitWitness((witness) -> witness.path("supporters").size() == 3).path("winningView")).hasSize(4);
	}

	private static void allIn(String viewId) {
		MEMBERS.forEach((member) -> {
			member.reportView(viewId, selfOf(member), PI1, PI2, PI3);
			member.answerInView(viewId);
		});
	}

	private static String selfOf(StubMember member) {
		return switch (member.id()) {
			case "was1" -> PI1;
			case "was2" -> PI2;
			default -> PI3;
		};
	}

	private List<String> served(int requests) {
		List<String> served = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			EntityExchangeResult<String> result = client().get()
				.uri("/hello")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult();
			assertThat(result.getResponseHeaders().get(TandemHeaders.VIEW)).as("view header to the client").isNull();
			served.add(result.getResponseBody());
		}
		return served;
	}

	private JsonNode awaitWitness(java.util.function.Predicate<JsonNode> condition) {
		JsonNode[] last = new JsonNode[1];
		await().atMost(Duration.ofSeconds(15)).until(() -> {
			last[0] = members().path("witness");
			return condition.test(last[0]);
		});
		return last[0];
	}

	private JsonNode member(String id) {
		for (JsonNode member : members().path("members")) {
			if (member.path("id").asText().equals(id)) {
				return member;
			}
		}
		throw new AssertionError("no member " + id);
	}

	private JsonNode members() {
		return Management.members(this.managementPort);
	}

	private WebTestClient client() {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

}
