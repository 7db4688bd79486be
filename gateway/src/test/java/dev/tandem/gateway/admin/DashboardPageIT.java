package dev.tandem.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.gateway.testing.Management;
import dev.tandem.gateway.testing.StubMembers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's page, assets and the two reads only it needs, through real HTTP: the
 * page and everything it loads come from the management port after a login, under a
 * content security policy that runs no inline script; {@code /api/session} tells the page
 * its role and CSRF token; {@code /api/dashboard} bundles its poll. The browser tests in
 * the deploy module drive the page itself.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "tandem.gateway.health.enabled=false" })
class DashboardPageIT {

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("was1", "was2");

	@LocalManagementPort
	int managementPort;

	@Test
	void shouldServeThePageAndItsAssetsOnlyAfterALogin() {
		WebTestClient anonymous = Management.anonymous(this.managementPort);
		anonymous.get()
			.uri("/")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.valueMatches(HttpHeaders.LOCATION, ".*/login");
		for (String asset : new String[] { "/assets/dashboard.js", "/assets/uplot/uPlot.iife.min.js" }) {
			anonymous.get().uri(asset).exchange().expectStatus().isUnauthorized();
		}

		WebTestClient viewer = Management.viewer(this.managementPort);
		String page = viewer.get()
			.uri("/")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader()
			.valueMatches("Content-Security-Policy", ".*script-src 'self';.*frame-ancestors 'none'.*")
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).contains("<main id=\"dashboard\"")
			.contains("src=\"/assets/dashboard.js\"")
			.contains("src=\"/assets/uplot/uPlot.iife.min.js\"")
			.doesNotContain("http://")
			.doesNotContain("https://");
		for (String asset : new String[] { "/assets/dashboard.js", "/assets/dashboard.css",
				"/assets/uplot/uPlot.iife.min.js", "/assets/uplot/uPlot.min.css" }) {
			byte[] body = viewer.get()
				.uri(asset)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.returnResult()
				.getResponseBody();
			assertThat(body).as(asset).hasSizeGreaterThan(1000);
		}
		viewer.get().uri("/assets/../application.yml").exchange().expectStatus().value((status) -> {
			assertThat(status).isIn(400, 404);
		});
		viewer.get().uri("/assets/nothing.js").exchange().expectStatus().isNotFound();
	}

	@Test
	void shouldTellThePageItsUserRoleAndCsrfToken() {
		JsonNode admin = Management.admin(this.managementPort)
			.get()
			.uri("/api/session")
			.exchange()
			.expectStatus()
			.isOk()
			// Every answer closes its connection: Reactor Netty 1.2 can leave a
			// keep-alive request unread (see AdminSecurityConfiguration).
			.expectHeader()
			.valueEquals(HttpHeaders.CONNECTION, "close")
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(admin.path("name").asText()).isEqualTo(Management.ADMIN);
		assertThat(admin.path("role").asText()).isEqualTo("admin");
		assertThat(admin.path("csrf").path("headerName").asText()).isEqualTo("X-CSRF-TOKEN");
		assertThat(admin.path("csrf").path("token").asText()).hasSizeGreaterThan(20);

		JsonNode viewer = Management.viewer(this.managementPort)
			.get()
			.uri("/api/session")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(viewer.path("role").asText()).isEqualTo("viewer");
		Management.anonymous(this.managementPort).get().uri("/api/session").exchange().expectStatus().isUnauthorized();
		// The page's own requests after its login expired: a bare 401 the page handles,
		// not a challenge that would pop up the browser's password dialog.
		Management.anonymous(this.managementPort)
			.get()
			.uri("/api/dashboard")
			.header("X-Requested-With", "XMLHttpRequest")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.doesNotExist(HttpHeaders.WWW_AUTHENTICATE);
	}

	@Test
	void shouldBundleThePagesPollIntoOneAnswer() {
		long before = System.currentTimeMillis();
		JsonNode poll = Management.viewer(this.managementPort)
			.get()
			.uri("/api/dashboard")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(poll.path("now").asLong()).isBetween(before - 1000, System.currentTimeMillis() + 1000);
		assertThat(poll.path("version").isNumber()).isTrue();
		assertThat(poll.path("members")).extracting((member) -> member.path("id").asText())
			.containsExactly("was1", "was2");
		assertThat(poll.path("rollingRestart").path("status").asText()).isEqualTo("none");
		assertThat(poll.path("history").path("members")).extracting((member) -> member.path("id").asText())
			.containsExactly("was1", "was2");
		assertThat(poll.path("history").path("sampleSeconds").asInt()).isEqualTo(5);
		Management.viewer(this.managementPort)
			.get()
			.uri("/api/dashboard?since=yesterday")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("since must be"));
		JsonNode index = Management.viewer(this.managementPort)
			.get()
			.uri("/api")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(index.path("dashboard").asText()).isEqualTo("/");
	}

}
