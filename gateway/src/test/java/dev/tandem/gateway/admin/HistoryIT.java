package dev.tandem.gateway.admin;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.gateway.testing.Management;
import dev.tandem.gateway.testing.StubMember;
import dev.tandem.gateway.testing.StubMembers;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/history} through real HTTP: only for logged-in users, traffic through
 * the public port shows in the next 5-second tick of the member that served it, a member
 * taken down shows its transition with the reason, and {@code since} returns only what is
 * newer.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "tandem.gateway.health.interval=600ms",
				"tandem.gateway.health.timeout=500ms", "tandem.gateway.health.fast-interval=100ms",
				"tandem.gateway.health.rise=1", "tandem.gateway.health.fall=1",
				"tandem.gateway.balancing.slow-start=0s" })
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HistoryIT {

	/**
	 * A tick every 5 s, covering the 5 completed seconds before it: at most two ticks.
	 */
	private static final Duration TWO_TICKS = Duration.ofSeconds(20);

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("was1").standby("was2");

	static final StubMember WAS1 = MEMBERS.get("was1");

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	@Order(1)
	void shouldAnswerOnlyALoggedInUser() {
		Management.anonymous(this.managementPort).get().uri("/api/history").exchange().expectStatus().isUnauthorized();

		JsonNode history = history(Management.viewer(this.managementPort), "/api/history");

		assertThat(history.fieldNames()).toIterable()
			.containsExactly("now", "sampleSeconds", "windowSeconds", "time", "members");
		assertThat(history.at("/members/0").fieldNames()).toIterable()
			.containsExactly("id", "state", "requestsPerSecond", "errorsPerSecond", "latencyP50Millis",
					"latencyP99Millis", "effectiveWeight", "inFlight", "transitions");
		assertThat(history.path("sampleSeconds").asInt()).isEqualTo(5);
		assertThat(history.path("windowSeconds").asInt()).isEqualTo(900);
		assertThat(history.path("now").asLong()).isPositive();
		assertThat(history.path("time").isArray()).isTrue();
		assertThat(history.at("/members/0/id").asText()).isEqualTo("was1");
		assertThat(history.at("/members/0/state").asText()).isEqualTo("up");
		assertThat(history.at("/members/1/id").asText()).isEqualTo("was2");
	}

	@Test
	@Order(2)
	void shouldShowTrafficInTheMemberThatServedIt() {
		for (int i = 0; i < 20; i++) {
			client().get().uri("/traffic?n=" + i).exchange().expectStatus().isOk();
		}
		assertThat(WAS1.received()).hasSize(20);

		await().atMost(TWO_TICKS).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			JsonNode history = history(Management.viewer(this.managementPort), "/api/history");
			assertThat(max(history.at("/members/0/requestsPerSecond"))).isPositive();
		});
		JsonNode history = history(Management.viewer(this.managementPort), "/api/history");
		int ticks = history.path("time").size();
		assertThat(history.at("/members/0/latencyP50Millis").size()).isEqualTo(ticks);
		assertThat(history.at("/members/0/inFlight").size()).isEqualTo(ticks);
		assertThat(max(history.at("/members/1/requestsPerSecond"))).isZero();
		// The standby member answered nothing: no latency, null rather than 0.
		assertThat(history.at("/members/1/latencyP50Millis")).allMatch(JsonNode::isNull);
	}

	@Test
	@Order(3)
	void shouldShowAMemberTakenDownWithTheReason() {
		WAS1.stop();

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode was1 = history(Management.viewer(this.managementPort), "/api/history").at("/members/0");
			assertThat(was1.path("state").asText()).isEqualTo("down");
			JsonNode last = was1.path("transitions").get(was1.path("transitions").size() - 1);
			assertThat(last.fieldNames()).toIterable().containsExactly("time", "from", "to", "reason");
			assertThat(last.path("from").asText()).isEqualTo("up");
			assertThat(last.path("to").asText()).isEqualTo("down");
			assertThat(last.path("reason").asText()).isNotBlank();
			assertThat(last.path("time").asLong()).isPositive();
		});
	}

	@Test
	@Order(4)
	void shouldAnswerOnlyWhatCameAfterSince() {
		JsonNode all = history(Management.admin(this.managementPort), "/api/history");
		long since = all.path("now").asLong();

		JsonNode newer = history(Management.admin(this.managementPort), "/api/history?since=" + since);

		for (JsonNode time : newer.path("time")) {
			assertThat(time.asLong()).isGreaterThan(since);
		}
		assertThat(newer.at("/members/0/requestsPerSecond").size()).isEqualTo(newer.path("time").size());
		for (JsonNode transition : newer.at("/members/0/transitions")) {
			assertThat(transition.path("time").asLong()).isGreaterThan(since);
		}
	}

	@Test
	@Order(5)
	void shouldRefuseASinceThatIsNoTime() {
		Management.viewer(this.managementPort)
			.get()
			.uri("/api/history?since=yesterday")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).startsWith("since must be").contains("'yesterday'"));
	}

	private static JsonNode history(WebTestClient management, String uri) {
		return management.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private static double max(JsonNode figures) {
		double max = 0;
		for (JsonNode figure : figures) {
			if (!figure.isNull()) {
				max = Math.max(max, figure.asDouble());
			}
		}
		return max;
	}

	private WebTestClient client() {
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

}
