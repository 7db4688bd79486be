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
 * An httpd front with two applications ({@code httpd-two-apps.conf}: the shop on two
 * Tomcats 1:3, the blog on one with a hot standby, both numbering their Tomcats from
 * {@code tomcat1}) imported, and the printed configuration run as it is in front of four
 * stub members: each application's paths reach only its own members, split by its own
 * weights; an old session id's route keeps its user on the member of the application the
 * path belongs to; the blog's standby takes over the blog alone. Judged by what each stub
 * member received.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImportedGroupsIT {

	static final StubMember SHOP1 = StubMember.start("shop1");

	static final StubMember SHOP2 = StubMember.start("shop2");

	static final StubMember BLOG1 = StubMember.start("blog1");

	static final StubMember SPARE = StubMember.start("spare");

	static final List<StubMember> ALL = List.of(SHOP1, SHOP2, BLOG1, SPARE);

	static ImportedGateway gateway;

	static WebTestClient client;

	@TempDir
	static Path dir;

	@BeforeAll
	static void importAndStart() throws Exception {
		// Exit 1: the shop's stripped prefix and the 404 outside the mounts; the blog
		// gets its own lbmethod as its group's method.
		gateway = ImportedGateway.start("httpd-two-apps.conf", Map.of("10.0.1.11:8080", SHOP1, "10.0.1.12:8080", SHOP2,
				"10.0.2.11:8080", BLOG1, "10.0.2.12:8080", SPARE), 1, dir);
		client = gateway.client();
	}

	@AfterAll
	static void stop() {
		if (gateway != null) {
			gateway.close();
		}
		ALL.forEach(StubMember::close);
	}

	@Test
	@Order(1)
	void shouldSendEachApplicationsPathsOnlyToItsMembersByItsWeights() {
		forget();
		for (int i = 0; i < 40; i++) {
			client.get().uri("/shop/cart").exchange().expectStatus().isOk();
		}
		for (int i = 0; i < 10; i++) {
			client.get().uri("/blog/post").exchange().expectStatus().isOk();
		}
		client.get().uri("/balancer-manager").exchange().expectStatus().isNotFound();
		client.get().uri("/elsewhere").exchange().expectStatus().isNotFound();

		assertThat(ALL.stream().map((member) -> member.received().size()))
			.as("requests received by shop1, shop2, blog1, spare")
			.containsExactly(10, 30, 10, 0);
		assertThat(SHOP2.uris()).as("paths the shop received").containsOnly("/cart");
		assertThat(BLOG1.uris()).as("paths the blog received").containsOnly("/blog/post");
	}

	@Test
	@Order(2)
	void shouldKeepEachOldUserOnTheTomcatOfTheApplicationThePathBelongsTo() {
		forget();
		for (int i = 0; i < 4; i++) {
			client.get().uri("/shop/cart").cookie("JSESSIONID", "8F3A.tomcat1").exchange().expectStatus().isOk();
			client.get().uri("/blog/post").cookie("JSESSIONID", "8F3A.tomcat1").exchange().expectStatus().isOk();
			client.get().uri("/shop/cart;jsessionid=77B0.tomcat2").exchange().expectStatus().isOk();
			client.get().uri("/blog/post").cookie("ROUTEID", ".tomcat1").exchange().expectStatus().isOk();
		}

		assertThat(ALL.stream().map((member) -> member.received().size()))
			.as("requests received by shop1, shop2, blog1, spare")
			.containsExactly(4, 4, 8, 0);
	}

	@Test
	@Order(3)
	void shouldSendTheBlogAloneToItsStandbyOnceItsTomcatIsGone() {
		BLOG1.stop();
		// Until the health checks see it down, a request to it fails over.
		await("the blog's standby serves the blog").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> {
				forget();
				for (int i = 0; i < 4; i++) {
					client.get().uri("/blog/post").exchange().expectStatus().isOk();
					client.get().uri("/shop/cart").exchange().expectStatus().isOk();
				}
				assertThat(SPARE.uris()).containsExactly("/blog/post", "/blog/post", "/blog/post", "/blog/post");
			});

		assertThat(SHOP1.received().size() + SHOP2.received().size()).as("shop requests the shop received")
			.isEqualTo(4);
		assertThat(SHOP1.uris()).doesNotContain("/blog/post");
		assertThat(SHOP2.uris()).doesNotContain("/blog/post");
	}

	private static void forget() {
		ALL.forEach(StubMember::forget);
	}

}
