package dev.tandem.gateway.metrics;

import dev.tandem.gateway.testing.Management;
import dev.tandem.gateway.testing.StubMembers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each member's state in {@code /actuator/prometheus}, through real HTTP: health, the
 * admin state as one series per state, and the weights, following runtime changes and
 * members added and removed through the admin API; every series carries the application
 * and node tags.
 */
// Spring Boot's tests turn metrics export off unless asked for.
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "management.metrics.tags.node=gw1" })
class MemberStateMetersIT {

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("was1", "was2").stopped("was2");

	@LocalManagementPort
	int managementPort;

	@Test
	void shouldShowEachMembersStateAsGauges() throws InterruptedException {
		WebTestClient admin = Management.admin(this.managementPort);
		String scrape = awaitScrape(admin,
				"tandem_gateway_member_health{application=\"tandem-gateway\",member=\"was2\",node=\"gw1\"} 0.0");
		assertThat(scrape)
			.contains("tandem_gateway_member_health{application=\"tandem-gateway\",member=\"was1\",node=\"gw1\"} 1.0")
			.contains(
					"tandem_gateway_member_admin_state{application=\"tandem-gateway\",member=\"was1\",node=\"gw1\",state=\"active\"} 1.0")
			.contains(
					"tandem_gateway_member_admin_state{application=\"tandem-gateway\",member=\"was1\",node=\"gw1\",state=\"draining\"} 0.0")
			.contains(
					"tandem_gateway_member_admin_state{application=\"tandem-gateway\",member=\"was1\",node=\"gw1\",state=\"disabled\"} 0.0")
			.contains("tandem_gateway_member_weight{application=\"tandem-gateway\",member=\"was1\",node=\"gw1\"} 1.0")
			.contains(
					"tandem_gateway_member_effective_weight{application=\"tandem-gateway\",member=\"was1\",node=\"gw1\"} 1.0");

		admin.patch()
			.uri("/api/members/was1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"state\": \"draining\", \"weight\": 4}")
			.exchange()
			.expectStatus()
			.isOk();
		admin.delete().uri("/api/members/was2?force=true").exchange().expectStatus().isNoContent();

		scrape = awaitScrape(admin,
				"tandem_gateway_member_admin_state{application=\"tandem-gateway\",member=\"was1\",node=\"gw1\",state=\"draining\"} 1.0");
		assertThat(scrape).contains(
				"tandem_gateway_member_admin_state{application=\"tandem-gateway\",member=\"was1\",node=\"gw1\",state=\"active\"} 0.0")
			.contains("tandem_gateway_member_weight{application=\"tandem-gateway\",member=\"was1\",node=\"gw1\"} 4.0")
			.doesNotContain("member=\"was2\"");
	}

	private static String awaitScrape(WebTestClient admin, String expected) throws InterruptedException {
		String scrape = "";
		// The gauges reuse one balancer reading for a second; the probes run every
		// second or two. Bounded: 40 scrapes at most.
		for (int attempt = 0; attempt < 40 && !scrape.contains(expected); attempt++) {
			if (attempt > 0) {
				Thread.sleep(500);
			}
			scrape = admin.get()
				.uri("/actuator/prometheus")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
		}
		assertThat(scrape).contains(expected);
		return scrape;
	}

}
