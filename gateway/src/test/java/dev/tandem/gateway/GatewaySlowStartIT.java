package dev.tandem.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.balancing.core.BalancerSnapshot;
import dev.tandem.gateway.testing.StubMember;
import dev.tandem.gateway.testing.StubMembers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slow start through real HTTP: a member of weight 1 next to another of weight 1 comes
 * back from passive ejection ramping up, so right after its return it takes clearly fewer
 * new clients than half its full weight would give. Judged by what each member received.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "tandem.gateway.health.enabled=false",
				"tandem.gateway.ejection.consecutive-failures=1", "tandem.gateway.ejection.duration=500ms",
				"tandem.gateway.balancing.slow-start=10s" })
class GatewaySlowStartIT {

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("was1", "was2");

	static final StubMember SURVIVOR = MEMBERS.get("was1");

	static final StubMember RETURNING = MEMBERS.get("was2");

	@LocalServerPort
	int port;

	@Autowired
	Balancer balancer;

	@Test
	void shouldGiveAReturningMemberLessThanItsFullShareRightAfterItsEjection() {
		WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		RETURNING.stop();
		// Equal weights alternate: the first or the second new client meets it.
		for (int i = 0; i < 2 && !returning().ejected(); i++) {
			client.get().uri("/eject?n=" + i).exchange().expectStatus().isOk();
		}
		// The failed attempt reports its end (which ejects) itself, and that can come
		// just
		// after the client has its answer from the other member.
		await().atMost(Duration.ofMillis(500))
			.pollInterval(Duration.ofMillis(10))
			.untilAsserted(() -> assertThat(returning().ejected()).as("ejected by the failed request").isTrue());
		RETURNING.restart();
		await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(10)).until(() -> !returning().ejected());
		MEMBERS.forget();

		List<String> newClients = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			newClients.add("/ramp?n=" + i);
			client.get().uri("/ramp?n=" + i).exchange().expectStatus().isOk();
		}

		System.out.println("returning member in slow start took " + RETURNING.received().size() + " of 20");
		assertThat(RETURNING.uris()).as("share of 20 new clients; its full weight would give 10")
			.isNotEmpty()
			.hasSizeLessThan(10);
		assertThat(Stream.concat(RETURNING.uris().stream(), SURVIVOR.uris().stream()))
			.containsExactlyInAnyOrderElementsOf(newClients);
		assertThat(returning().state()).isEqualTo("slow-start");
	}

	private BalancerSnapshot.Member returning() {
		return this.balancer.snapshot().member(RETURNING.id()).orElseThrow();
	}

}
