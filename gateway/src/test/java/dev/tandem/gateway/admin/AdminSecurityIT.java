package dev.tandem.gateway.admin;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tandem.gateway.member.AdminState;
import dev.tandem.gateway.member.Members;
import dev.tandem.gateway.testing.Management;
import dev.tandem.gateway.testing.StubMembers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what on the management port, through real HTTP: anonymous callers get the
 * probes and the overall health only, a viewer reads and changes nothing, an admin reads
 * and changes; browsers need a CSRF token, a cross-site POST is refused, and a wrong
 * password is logged and answered slowly. The public port is untouched.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "tandem.gateway.health.enabled=false" })
@ExtendWith(OutputCaptureExtension.class)
class AdminSecurityIT {

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("was1", "was2");

	@LocalManagementPort
	int managementPort;

	@LocalServerPort
	int port;

	@Autowired
	Members members;

	@Test
	void shouldShowAnonymousCallersOnlyTheProbesAndTheOverallStatus() {
		WebTestClient anonymous = Management.anonymous(this.managementPort);

		String health = anonymous.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(health).contains("\"status\":\"UP\"").doesNotContain("was1").doesNotContain("components");
		anonymous.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
		anonymous.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		for (String path : new String[] { "/api/members", "/api/audit", "/api/rolling-restart", "/api/history",
				"/actuator/prometheus", "/actuator/info", "/actuator/health/members", "/" }) {
			anonymous.get()
				.uri(path)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=.*");
		}
		anonymous.patch()
			.uri("/api/members/was1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"weight\":3}")
			.exchange()
			.expectStatus()
			.value((status) -> assertThat(status).isIn(401, 403));
		assertThat(this.members.current().member("was1").orElseThrow().weight()).isEqualTo(1);
	}

	@Test
	void shouldSendBrowsersToTheLoginForm() {
		Management.anonymous(this.managementPort)
			.get()
			.uri("/api/members")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.valueMatches(HttpHeaders.LOCATION, ".*/login");
	}

	@Test
	void shouldLetAViewerReadButChangeNothing() {
		WebTestClient viewer = Management.viewer(this.managementPort);

		viewer.get().uri("/api/members").exchange().expectStatus().isOk();
		viewer.get().uri("/api/audit").exchange().expectStatus().isOk();
		viewer.get().uri("/actuator/info").exchange().expectStatus().isOk();
		viewer.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.members.details.was1")
			.exists();
		viewer.patch()
			.uri("/api/members/was1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"state\":\"disabled\"}")
			.exchange()
			.expectStatus()
			.isForbidden();
		viewer.post()
			.uri("/api/members")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"id\":\"was9\",\"uri\":\"http://127.0.0.1:1\"}")
			.exchange()
			.expectStatus()
			.isForbidden();
		viewer.delete().uri("/api/members/was2?force=true").exchange().expectStatus().isForbidden();
		viewer.post().uri("/api/members/was1/recover").exchange().expectStatus().isForbidden();
		viewer.post().uri("/api/rolling-restart").exchange().expectStatus().isForbidden();
		viewer.delete().uri("/api/rolling-restart").exchange().expectStatus().isForbidden();

		assertThat(this.members.current().ids()).containsExactly("was1", "was2");
		assertThat(this.members.current().member("was1").orElseThrow().state()).isEqualTo(AdminState.ACTIVE);
	}

	@Test
	void shouldRefuseABrowserPostWithoutItsCsrfTokenAndACrossSiteOne() {
		String session = formLogin(Management.ADMIN, Management.ADMIN_PASSWORD);
		WebTestClient browser = Management.anonymous(this.managementPort);

		browser.get().uri("/api/members").cookie("TANDEM_ADMIN", session).exchange().expectStatus().isOk();
		// A forged form on another site: the browser sends the session cookie, but the
		// form cannot know the token.
		browser.post()
			.uri("/api/members/was1/recover")
			.cookie("TANDEM_ADMIN", session)
			.header(HttpHeaders.ORIGIN, "http://evil.example")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("state", "disabled"))
			.exchange()
			.expectStatus()
			.isForbidden();
		browser.patch()
			.uri("/api/members/was1")
			.cookie("TANDEM_ADMIN", session)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"state\":\"disabled\"}")
			.exchange()
			.expectStatus()
			.isForbidden();
		// Basic credentials a browser may have cached do not help a cross-site request.
		Management.admin(this.managementPort)
			.patch()
			.uri("/api/members/was1")
			.header(HttpHeaders.ORIGIN, "http://evil.example")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"state\":\"disabled\"}")
			.exchange()
			.expectStatus()
			.isForbidden();

		assertThat(this.members.current().member("was1").orElseThrow().state()).isEqualTo(AdminState.ACTIVE);
	}

	@Test
	void shouldLogAndSlowDownAWrongPassword(CapturedOutput output) {
		WebTestClient wrong = Management.anonymous(this.managementPort)
			.mutate()
			.defaultHeaders((headers) -> headers.setBasicAuth(Management.ADMIN, "not-the-password"))
			.build();

		long started = System.nanoTime();
		wrong.get().uri("/api/members").exchange().expectStatus().isUnauthorized();
		wrong.get().uri("/api/members").exchange().expectStatus().isUnauthorized();
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		// 0.5 s after the first failure, 1 s after the second.
		assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
		assertThat(output.getAll())
			.contains("Refused a login to the management port for user 'test-admin' from 127.0.0.1")
			.doesNotContain("not-the-password");
		Management.admin(this.managementPort).get().uri("/api/members").exchange().expectStatus().isOk();
	}

	@Test
	void shouldLeaveThePublicPortWithoutLoginAndWithoutTheApi() {
		WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();

		client.get().uri("/hello").exchange().expectStatus().isOk();
		assertThat(MEMBERS.stream().flatMap((member) -> member.uris().stream())).contains("/hello");
		// Forwarded like any application path, never answered by the gateway's API.
		client.get().uri("/api/members").exchange().expectStatus().isOk();
		assertThat(MEMBERS.stream().flatMap((member) -> member.uris().stream())).contains("/api/members");
	}

	/** Log in with the form as a browser does; the session cookie's value. */
	private String formLogin(String user, String password) {
		WebTestClient browser = Management.anonymous(this.managementPort);
		EntityExchangeResult<String> page = browser.get()
			.uri("/login")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult();
		ResponseCookie cookie = page.getResponseCookies().getFirst("TANDEM_ADMIN");
		assertThat(cookie).as("session cookie of the login page").isNotNull();
		assertThat(cookie.getSameSite()).isEqualTo("Strict");
		Matcher token = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page.getResponseBody());
		assertThat(token.find()).as("CSRF token in the login form").isTrue();
		EntityExchangeResult<Void> login = browser.post()
			.uri("/login")
			.cookie("TANDEM_ADMIN", cookie.getValue())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("username", user).with("password", password).with("_csrf", token.group(1)))
			.exchange()
			.expectStatus()
			.isFound()
			.expectBody()
			.isEmpty();
		assertThat(login.getResponseHeaders().getLocation()).hasToString("/");
		ResponseCookie renewed = login.getResponseCookies().getFirst("TANDEM_ADMIN");
		return (renewed != null) ? renewed.getValue() : cookie.getValue();
	}

}
