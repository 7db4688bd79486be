package dev.tandem.node.login;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import dev.tandem.node.NodeApplication;
import dev.tandem.session.testing.SessionNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full was-node (web server, Spring Security, Spring Session on its Hazelcast member)
 * driven over real HTTP on loopback: the login changes the session id and keeps the
 * session's data, the user's sessions are listed by the actuator, and the cookie is
 * Secure only when a trusted proxy says the request came over TLS.
 */
class LoginIT {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	@RegisterExtension
	final SessionNodes<ConfigurableApplicationContext> nodes = SessionNodes.applications(NodeApplication.class)
		.with("tandem.node.demo.user=alice", "tandem.node.demo.password=s3cret");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	void loginShouldChangeTheSessionIdAndKeepTheSessionsData() throws Exception {
		int port = startNode();
		String anonymous = sessionCookie(get(port, "/session", null));
		assertThat(count(get(port, "/session", anonymous))).isEqualTo(2);

		HttpResponse<String> login = login(port, anonymous, "s3cret");

		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
		String signedIn = sessionCookie(login);
		assertThat(signedIn).isNotEqualTo(anonymous);
		assertThat(count(get(port, "/session", signedIn))).isEqualTo(3);
		// The id from before the login no longer names any session.
		assertThat(count(get(port, "/session", anonymous))).isEqualTo(1);
		HttpResponse<String> me = get(port, "/me", signedIn);
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).contains("<span class=\"user\">alice</span>").contains("<span class=\"node\">n1</span>");
	}

	@Test
	void loginOnOneNodeShouldHoldOnAnotherNode() throws Exception {
		List<Integer> ports = startCluster(2);
		String signedIn = sessionCookie(
				login(ports.get(0), sessionCookie(get(ports.get(0), "/session", null)), "s3cret"));

		HttpResponse<String> me = get(ports.get(1), "/me", signedIn);

		// The security context crossed members through the deserialization allow-list.
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).contains("<span class=\"user\">alice</span>").contains("<span class=\"node\">n2</span>");
		assertThat(count(get(ports.get(1), "/session", signedIn))).isEqualTo(2);
	}

	@Test
	void loginShouldRefuseAWrongPasswordAndAFormWithoutItsCsrfToken() throws Exception {
		int port = startNode();
		String cookie = sessionCookie(get(port, "/session", null));

		HttpResponse<String> wrong = login(port, cookie, "guess");
		HttpResponse<String> noToken = post(port, "/login", cookie, "username=alice&password=s3cret");

		assertThat(wrong.statusCode()).isEqualTo(302);
		assertThat(wrong.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
		assertThat(noToken.statusCode()).isEqualTo(403);
		assertThat(get(port, "/me", cookie).statusCode()).isEqualTo(302);
	}

	@Test
	void logoutShouldEndTheLogin() throws Exception {
		int port = startNode();
		String signedIn = sessionCookie(login(port, sessionCookie(get(port, "/session", null)), "s3cret"));
		String token = csrfToken(get(port, "/me", signedIn).body());

		HttpResponse<String> logout = post(port, "/logout", signedIn, "_csrf=" + encode(token));

		assertThat(logout.statusCode()).isEqualTo(302);
		assertThat(get(port, "/me", signedIn).statusCode()).isEqualTo(302);
	}

	@Test
	void sessionsEndpointShouldListTheUsersSessionsToSignedInCallersOnly() throws Exception {
		int port = startNode();
		String signedIn = sessionCookie(login(port, sessionCookie(get(port, "/session", null)), "s3cret"));
		String sessionId = new String(Base64.getDecoder().decode(signedIn.substring("SESSION=".length())),
				StandardCharsets.UTF_8);

		HttpResponse<String> sessions = get(port, "/actuator/sessions?username=alice", signedIn);
		HttpResponse<String> anonymous = get(port, "/actuator/sessions?username=alice", null);

		assertThat(sessions.statusCode()).isEqualTo(200);
		List<String> ids = JsonPath.read(sessions.body(), "$.sessions[*].id");
		assertThat(ids).containsExactly(sessionId);
		assertThat(anonymous.statusCode()).isEqualTo(302);
		assertThat(get(port, "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
	}

	@Test
	void cookieShouldBeSecureOnlyWhenATrustedProxySaysTheRequestCameOverTls() throws Exception {
		int port = startNode();

		String overTls = setCookie(get(port, "/session", null, "X-Forwarded-Proto", "https"));
		String plain = setCookie(get(port, "/session", null));

		assertThat(overTls).contains("; Secure").contains("; HttpOnly").contains("; SameSite=Lax");
		assertThat(plain).doesNotContain("Secure").contains("; HttpOnly").contains("; SameSite=Lax");
	}

	@Test
	void cookieShouldIgnoreForwardedProtoFromAnUntrustedAddress() throws Exception {
		// Loopback is not a trusted proxy here, as a stranger's address would not be.
		int port = startNode("server.tomcat.remoteip.internal-proxies=192\\.0\\.2\\.1");

		String forged = setCookie(get(port, "/session", null, "X-Forwarded-Proto", "https"));

		assertThat(forged).doesNotContain("Secure").contains("; HttpOnly");
	}

	private int startNode(String... properties) {
		return SessionNodes.httpPort(this.nodes.start(1, properties).get(0));
	}

	private List<Integer> startCluster(int size) {
		return this.nodes.start(size).stream().map(SessionNodes::httpPort).toList();
	}

	private HttpResponse<String> login(int port, String cookie, String password) throws Exception {
		HttpResponse<String> page = get(port, "/login", cookie);
		assertThat(page.statusCode()).isEqualTo(200);
		return post(port, "/login", cookie,
				"username=alice&password=" + encode(password) + "&_csrf=" + encode(csrfToken(page.body())));
	}

	private static String csrfToken(String html) {
		Matcher matcher = CSRF.matcher(html);
		assertThat(matcher.find()).as("a _csrf field in %s", html).isTrue();
		return matcher.group(1);
	}

	private HttpResponse<String> get(int port, String path, String cookie, String... headers) throws Exception {
		HttpRequest.Builder request = request(port, path, cookie).GET();
		if (headers.length > 0) {
			request.headers(headers);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(int port, String path, String cookie, String form) throws Exception {
		return this.http.send(request(port, path, cookie).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest.Builder request(int port, String path, String cookie) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10));
		return (cookie != null) ? request.header("Cookie", cookie) : request;
	}

	private static String setCookie(HttpResponse<String> response) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((value) -> value.startsWith("SESSION="))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no SESSION cookie in " + response.headers()));
	}

	private static String sessionCookie(HttpResponse<String> response) {
		String value = setCookie(response);
		return value.substring(0, value.indexOf(';'));
	}

	private static int count(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		return JsonPath.read(response.body(), "$.count");
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
