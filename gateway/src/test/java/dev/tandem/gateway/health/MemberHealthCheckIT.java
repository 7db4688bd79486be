package dev.tandem.gateway.health;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import dev.tandem.gateway.testing.Management;
import dev.tandem.gateway.testing.StubMember;
import dev.tandem.gateway.testing.StubMember.Received;
import dev.tandem.gateway.testing.StubMembers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Members that are no Tandem nodes, each checked its own way, against the gateway's
 * default check: {@code plain} has no readiness endpoint (every path but /session.jsp is
 * a 404, and that page redirects) and is checked at /session.jsp expecting 200-399;
 * {@code tcp} fails every HTTP probe and is checked by a TCP connect; {@code control}
 * fails every HTTP probe too but keeps the default check. The first two stay up and
 * serve, the control goes down: what each member received shows which check reached it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "tandem.gateway.health.interval=400ms",
				"tandem.gateway.health.fast-interval=200ms", "tandem.gateway.health.timeout=300ms",
				"tandem.gateway.health.rise=2", "tandem.gateway.health.fall=2" })
class MemberHealthCheckIT {

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("plain", "tcp", "control")
		.property("plain", "health.path", "/session.jsp")
		.property("plain", "health.expected-status", "200-399")
		.property("tcp", "health.type", "tcp")
		.failingProbes("tcp")
		.failingProbes("control");

	static final StubMember PLAIN = MEMBERS.get("plain");

	static final StubMember TCP = MEMBERS.get("tcp");

	static final StubMember CONTROL = MEMBERS.get("control");

	@Autowired
	ActiveHealthChecker checker;

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void shouldKeepMembersWithTheirOwnChecksUpWhereTheDefaultCheckTakesThemDown() {
		PLAIN.answerLikeAPlainServer("/session.jsp", 302);

		await().atMost(Duration.ofSeconds(20))
			.until(() -> !health("control").up() && passes("plain") >= 3 && passes("tcp") >= 3);

		assertThat(health("plain").up()).isTrue();
		assertThat(health("plain").lastReason()).isEqualTo("302");
		assertThat(health("tcp").up()).isTrue();
		assertThat(health("tcp").lastReason()).isEqualTo(TcpHealthProbe.CONNECTED);
		assertThat(health("control").lastReason()).isEqualTo("503");

		// What each member received: plain only probes of its own page, tcp no HTTP probe
		// at all (only connections), control probes of the default path.
		assertThat(PLAIN.probes()).isNotEmpty()
			.allSatisfy((probe) -> assertThat(probe.uri()).isEqualTo("/session.jsp"))
			.allSatisfy((probe) -> assertThat(probe.status()).isEqualTo(302));
		assertThat(TCP.probes()).isEmpty();
		assertThat(CONTROL.probes()).isNotEmpty().extracting(Received::uri).containsOnly("/actuator/health/readiness");

		// Traffic goes to the two members that stay up, never to the control.
		PLAIN.forget();
		TCP.forget();
		CONTROL.forget();
		WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		Set<String> servedBy = new HashSet<>();
		for (int i = 0; i < 6; i++) {
			servedBy.add(new String(client.get()
				.uri("/hello")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.returnResult()
				.getResponseBody()));
		}
		assertThat(servedBy).containsExactlyInAnyOrder("plain", "tcp");
		assertThat(CONTROL.received()).isEmpty();

		Management.admin(this.managementPort)
			.get()
			.uri("/api/members")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.members[?(@.id == 'plain')].health.checkType")
			.isEqualTo("http")
			.jsonPath("$.members[?(@.id == 'tcp')].health.checkType")
			.isEqualTo("tcp")
			// Neither reports a session-cluster view, so the witness never excludes them.
			.jsonPath("$.members[?(@.id == 'plain')].witness.included")
			.isEqualTo(true)
			.jsonPath("$.members[?(@.id == 'tcp')].witness.included")
			.isEqualTo(true);
	}

	private MemberHealth health(String id) {
		return this.checker.snapshot().member(id).orElseThrow();
	}

	private int passes(String id) {
		return health(id).consecutivePasses();
	}

}
