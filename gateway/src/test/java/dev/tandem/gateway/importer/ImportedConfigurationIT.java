package dev.tandem.gateway.importer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tandem.gateway.testing.StubMember;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The httpd front of the guides (pi2 and pi3 sharing the work 1:5, pi4 a hot standby,
 * {@code stickysession=JSESSIONID|jsessionid}) imported, and the printed configuration
 * run as it is by a gateway in front of three stub members standing in for the Tomcats:
 * new clients split 1:5, the old front's own page is answered by the gateway, a session
 * id carrying a member's route keeps its user on that member from the first request, and
 * the standby takes everyone once both actives are gone. Judged by what each stub member
 * received.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImportedConfigurationIT {

	static final StubMember PI2 = StubMember.start("pi2");

	static final StubMember PI3 = StubMember.start("pi3");

	static final StubMember PI4 = StubMember.start("pi4");

	static ImportedGateway gateway;

	static WebTestClient client;

	@TempDir
	static Path dir;

	@BeforeAll
	static void importAndStart() throws Exception {
		gateway = ImportedGateway.start("httpd-balancer.conf",
				Map.of("10.0.0.12:8080", PI2, "10.0.0.13:8080", PI3, "10.0.0.14:8080", PI4), 0, dir);
		client = gateway.client();
	}

	@AfterAll
	static void stop() {
		if (gateway != null) {
			gateway.close();
		}
		List.of(PI2, PI3, PI4).forEach(StubMember::close);
	}

	@Test
	@Order(1)
	void shouldSplitNewClientsOneToFiveAndKeepTheStandbyIdle() {
		forget();
		for (int i = 0; i < 60; i++) {
			client.get().uri("/hello").exchange().expectStatus().isOk();
		}

		assertThat(List.of(PI2.received().size(), PI3.received().size(), PI4.received().size()))
			.as("new clients received by pi2, pi3, pi4")
			.containsExactly(10, 50, 0);
	}

	@Test
	@Order(2)
	void shouldAnswerTheOldFrontsOwnPageWithoutAskingAMember() {
		forget();
		client.get().uri("/balancer-manager").exchange().expectStatus().isNotFound();

		assertThat(List.of(PI2.received(), PI3.received(), PI4.received())).allMatch(List::isEmpty);
	}

	@Test
	@Order(3)
	void shouldKeepAUserOfTheOldFrontOnTheMemberHisSessionIdNames() {
		forget();
		for (int i = 0; i < 5; i++) {
			client.get().uri("/cart").cookie("JSESSIONID", "8F3A1C.pi2").exchange().expectStatus().isOk();
			client.get().uri("/cart;jsessionid=77B0E2.pi2").exchange().expectStatus().isOk();
		}

		assertThat(PI2.received()).as("requests received by pi2").hasSize(10);
		assertThat(PI3.received()).as("requests received by pi3").isEmpty();
	}

	@Test
	@Order(4)
	void shouldSendEveryoneToTheStandbyOnceBothActivesAreGone() {
		PI2.stop();
		PI3.stop();
		// Until the health checks see them down, a request to either fails over.
		await("the standby serves new clients").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> {
				forget();
				for (int i = 0; i < 6; i++) {
					client.get().uri("/hello").exchange().expectStatus().isOk();
				}
				assertThat(PI4.received()).hasSize(6);
			});
		forget();
		client.get().uri("/cart").cookie("JSESSIONID", "8F3A1C.pi3").exchange().expectStatus().isOk();

		assertThat(PI4.received()).as("pi3's user on the standby").hasSize(1);
	}

	private static void forget() {
		List.of(PI2, PI3, PI4).forEach(StubMember::forget);
	}

}
