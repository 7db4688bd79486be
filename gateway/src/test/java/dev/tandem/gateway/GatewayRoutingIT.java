package dev.tandem.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.tandem.gateway.testing.Management;
import dev.tandem.gateway.testing.StubMember;
import dev.tandem.gateway.testing.StubMembers;
import dev.tandem.shared.TandemHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in front of two active stub members and one standby, judged by what the
 * members received.
 */
// Health checks and passive ejection would carry one test's stopped members into the
// next; GatewayBalancingIT covers them.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "management.server.port=0",
		"tandem.gateway.health.enabled=false", "tandem.gateway.ejection.consecutive-failures=0" })
class GatewayRoutingIT {

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("was1", "was2").standby("was3");

	static final StubMember WAS1 = MEMBERS.get("was1");

	static final StubMember WAS2 = MEMBERS.get("was2");

	static final StubMember STANDBY = MEMBERS.get("was3");

	/** Every way of spelling the members' actuator that a server might accept. */
	static final List<String> ACTUATOR_PATHS = List.of("/actuator", "/actuator/", "/actuator/health", "/ACTUATOR/env",
			"/%61ctuator/health", "/%2561ctuator/health", "/x/../actuator/health", "/x/%2e%2e/actuator",
			"/x/%252e%252e/actuator/env", "/x/..%2factuator", "/x/..;/actuator/health", "/actuator;x=y/health",
			"/;x/actuator", "//actuator/health", "/.//actuator", "\\actuator", "/%5cactuator", "/%5Cactuator/health",
			"/%c0%ae%c0%ae/actuator", "/x/%c0%ae%c0%ae/actuator/health", "/%25252561ctuator", "/actuator%00/health",
			"http://evil/actuator/health");

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	WebTestClient client;

	@BeforeEach
	void bindClient() {
		this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	@Test
	void shouldAlternateGetsBetweenActiveMembers() {
		List<String> servedBy = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			servedBy.add(get("/hello"));
		}

		for (int i = 1; i < servedBy.size(); i++) {
			assertThat(servedBy.get(i)).as("request %d", i).isNotEqualTo(servedBy.get(i - 1));
		}
		assertThat(WAS1.received()).extracting(StubMember.Received::path).containsExactly("/hello", "/hello", "/hello");
		assertThat(WAS2.received()).extracting(StubMember.Received::path).containsExactly("/hello", "/hello", "/hello");
	}

	@Test
	void shouldSendNothingToStandbyWhileActivesAreConfigured() {
		for (int i = 0; i < 10; i++) {
			get("/session");
		}

		assertThat(STANDBY.received()).isEmpty();
		assertThat(WAS1.received().size() + WAS2.received().size()).isEqualTo(10);
	}

	@Test
	void shouldPassTheMembersNodeHeaderThroughUnchanged() {
		this.client.get()
			.uri("/hello")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.value(TandemHeaders.NODE, (node) -> assertThat(node).isIn("was1", "was2"))
			.expectBody(String.class)
			.value((body) -> assertThat(body).isIn("was1", "was2"));
	}

	@Test
	void shouldDeliverAPostBodyIntact() {
		String body = "count=1&text=" + "grüße-".repeat(20_000);

		this.client.post()
			.uri("/session?x=1")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk();

		List<StubMember.Received> posts = Stream.concat(WAS1.received().stream(), WAS2.received().stream()).toList();
		assertThat(posts).singleElement().satisfies((post) -> {
			assertThat(post.method()).isEqualTo("POST");
			assertThat(post.uri()).isEqualTo("/session?x=1");
			assertThat(post.body()).isEqualTo(body);
		});
	}

	@Test
	void shouldReplaceClientSuppliedForwardingHeaders() {
		this.client.get()
			.uri("/hello")
			.header("X-Forwarded-For", "6.6.6.6")
			.header("Forwarded", "for=6.6.6.6;host=evil;proto=https")
			.header("X-Forwarded-Host", "evil")
			.header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-Port", "443")
			.header("X-Forwarded-Prefix", "/evil")
			.exchange()
			.expectStatus()
			.isOk();

		HttpHeaders received = onlyRequestReceived().headers();
		assertThat(received.get("X-Forwarded-For")).containsExactly("127.0.0.1");
		assertThat(received.get("X-Forwarded-Proto")).containsExactly("http");
		assertThat(received.get("X-Forwarded-Host")).containsExactly("127.0.0.1:" + this.port);
		assertThat(received.get("X-Forwarded-Port")).containsExactly(String.valueOf(this.port));
		assertThat(received).doesNotContainKeys("X-Forwarded-Prefix", "Forwarded");
		assertThat(received.toString()).doesNotContain("6.6.6.6").doesNotContain("evil");
	}

	@Test
	void shouldKeepForwardingHeadersWhenTheClientNamesThemAsHopByHop() throws IOException {
		String answer = raw("GET /hello HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\n"
				+ "Connection: close, X-Forwarded-For, X-Forwarded-Host, X-Forwarded-Proto, X-Forwarded-Port\r\n"
				+ "X-Forwarded-For: 6.6.6.6\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 200");
		HttpHeaders received = onlyRequestReceived().headers();
		assertThat(received.get("X-Forwarded-For")).containsExactly("127.0.0.1");
		assertThat(received.get("X-Forwarded-Host")).containsExactly("127.0.0.1:" + this.port);
		assertThat(received.get("X-Forwarded-Proto")).containsExactly("http");
		assertThat(received.get("X-Forwarded-Port")).containsExactly(String.valueOf(this.port));
	}

	@Test
	void shouldNotForwardEncodedActuatorPaths() throws IOException {
		for (String path : ACTUATOR_PATHS) {
			String answer = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

			assertThat(status(answer)).as(path).isBetween(400, 499);
		}

		assertThat(WAS1.received()).isEmpty();
		assertThat(WAS2.received()).isEmpty();
		assertThat(STANDBY.received()).isEmpty();
	}

	@Test
	void shouldForwardApplicationPathsThatOnlyResembleTheActuator() {
		List<String> paths = List.of("/x/actuator", "/actuatorx", "/shop;jsessionid=abc.was1/cart", "/x/../hello");
		paths.forEach(this::get);

		assertThat(Stream.concat(WAS1.received().stream(), WAS2.received().stream()).map(StubMember.Received::path))
			.containsExactlyInAnyOrderElementsOf(paths);
	}

	@Test
	void shouldRefuseOversizedRequestLinesAndHeaders() throws IOException {
		String longLine = raw("GET /" + "a".repeat(64 * 1024) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
		String bigHeader = raw("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "b".repeat(20 * 1024)
				+ "\r\nConnection: close\r\n\r\n");

		assertThat(status(longLine)).isBetween(400, 499);
		assertThat(status(bigHeader)).isBetween(400, 499);
		assertThat(WAS1.received()).isEmpty();
		assertThat(WAS2.received()).isEmpty();
	}

	@Test
	void shouldServeItsOwnHealthAndInfoOnlyOnTheManagementPort() {
		WebTestClient management = Management.admin(this.managementPort);

		management.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
		management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
		management.get()
			.uri("/actuator/info")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.build.artifact")
			.isEqualTo("gateway");
		this.client.get().uri("/actuator/health").exchange().expectStatus().isNotFound().expectBody().isEmpty();
	}

	private String get(String path) {
		return this.client.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	private StubMember.Received onlyRequestReceived() {
		List<StubMember.Received> all = MEMBERS.stream().flatMap((m) -> m.received().stream()).toList();
		assertThat(all).hasSize(1);
		return all.get(0);
	}

	/** Send bytes exactly as given, so no client library normalizes the path first. */
	private String raw(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			// The status line and headers are all the tests need.
			for (int read; (read = in.read(buffer)) != -1;) {
				answer.write(buffer, 0, read);
				if (answer.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
					break;
				}
			}
			return answer.toString(StandardCharsets.ISO_8859_1);
		}
	}

	private static int status(String answer) {
		assertThat(answer).as("answer").startsWith("HTTP/1.1 ");
		return Integer.parseInt(answer.substring(9, 12));
	}

}
