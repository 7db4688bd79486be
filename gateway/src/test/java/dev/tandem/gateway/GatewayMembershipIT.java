package dev.tandem.gateway;

import java.time.Duration;
import java.util.List;

import dev.tandem.gateway.health.ActiveHealthChecker;
import dev.tandem.gateway.health.MemberHealth;
import dev.tandem.gateway.member.AdminState;
import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.Members;
import dev.tandem.gateway.testing.StubMember;
import dev.tandem.gateway.testing.StubMembers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The member model through real HTTP: a member configured {@code draining} takes no new
 * clients but keeps its sticky ones, one configured {@code disabled} takes nothing; and a
 * member added at runtime is probed and then served while a removed one gets nothing
 * more. Judged by what each member received.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "tandem.gateway.health.interval=600ms",
				"tandem.gateway.health.timeout=500ms", "tandem.gateway.health.fast-interval=100ms",
				"tandem.gateway.health.rise=1", "tandem.gateway.balancing.slow-start=0s" })
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayMembershipIT {

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("was1", "was2", "was3")
		.state("was2", "draining")
		.state("was3", "disabled");

	static final StubMember ACTIVE = MEMBERS.get("was1");

	static final StubMember DRAINING = MEMBERS.get("was2");

	static final StubMember DISABLED = MEMBERS.get("was3");

	static final StubMember ADDED = StubMember.start("was4");

	@LocalServerPort
	int port;

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
	void shouldStartEachMemberInItsConfiguredState() {
		for (int i = 0; i < 6; i++) {
			client().get().uri("/new?n=" + i).exchange().expectStatus().isOk();
		}
		client().get().uri("/sticky-draining").cookie("JSESSIONID", "abc.was2").exchange().expectStatus().isOk();
		client().get().uri("/sticky-disabled").cookie("JSESSIONID", "abc.was3").exchange().expectStatus().isOk();

		assertThat(ACTIVE.uris()).containsExactly("/new?n=0", "/new?n=1", "/new?n=2", "/new?n=3", "/new?n=4",
				"/new?n=5", "/sticky-disabled");
		assertThat(DRAINING.uris()).containsExactly("/sticky-draining");
		assertThat(DISABLED.received()).isEmpty();
	}

	@Test
	@Order(2)
	void shouldServeAnAddedMemberAndNothingMoreToARemovedOne() {
		this.members.change((current) -> current.without("was1")
			.with(current.member("was2").orElseThrow().withState(AdminState.ACTIVE))
			.with(Member.of("was4", ADDED.uri())));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.checker.snapshot().member("was4").map(MemberHealth::consecutivePasses).orElse(0) >= 1);

		for (int i = 0; i < 6; i++) {
			client().get().uri("/after?n=" + i).exchange().expectStatus().isOk();
		}
		client().get().uri("/sticky-removed").cookie("JSESSIONID", "abc.was1").exchange().expectStatus().isOk();

		assertThat(ACTIVE.received()).isEmpty();
		assertThat(DISABLED.received()).isEmpty();
		assertThat(ADDED.probes()).isNotEmpty();
		assertThat(ADDED.uris()).hasSizeGreaterThanOrEqualTo(3);
		assertThat(List.of(DRAINING.uris(), ADDED.uris()).stream().flatMap(List::stream)).containsExactlyInAnyOrder(
				"/after?n=0", "/after?n=1", "/after?n=2", "/after?n=3", "/after?n=4", "/after?n=5", "/sticky-removed");
		assertThat(this.checker.snapshot().member("was1")).isEmpty();
	}

	private WebTestClient client() {
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

}
