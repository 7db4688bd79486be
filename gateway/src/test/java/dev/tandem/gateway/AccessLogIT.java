package dev.tandem.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The access log of a gateway in front of two stub members, read back from its file: each
 * request to the public port is one line, whoever answered it (a member, after failover
 * or not, or the gateway itself), and the management port writes none.
 */
// Health checks and passive ejection would take a stopped member out of rotation, and
// this test wants failover to happen.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "tandem.gateway.health.enabled=false",
				"tandem.gateway.ejection.consecutive-failures=0", "tandem.gateway.access-log.enabled=true" })
class AccessLogIT {

	private static final Path LOG = tempFolder().resolve("logs/access.log");

	/**
	 * A line as written: the combined format, then member, upstream time, attempts and
	 * total time.
	 */
	private static final Pattern LINE = Pattern
		.compile("^(\\S+) - - \\[\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} "
				+ "[+-]\\d{4}\\] \"([^\"]*)\" (\\d{3}) (\\d+|-) \"([^\"]*)\" \"([^\"]*)\" member=(\\S+) "
				+ "upstream_ms=(\\d+|-) attempts=(\\d+) total_ms=(\\d+)$");

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("was1", "was2");

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	WebTestClient client;

	@DynamicPropertySource
	static void accessLog(DynamicPropertyRegistry registry) {
		registry.add("tandem.gateway.access-log.path", LOG::toString);
	}

	@BeforeEach
	void client() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

	@Test
	void shouldLogAServedRequestWithTheMemberThatReceivedIt() {
		EntityExchangeResult<byte[]> result = this.client.get()
			.uri("/hello?n=served")
			.header(HttpHeaders.USER_AGENT, "it \"quoted\"")
			.header(HttpHeaders.REFERER, "http://example.test/start")
			.header(HttpHeaders.COOKIE, "JSESSIONID=never-logged")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult();
		String member = result.getResponseHeaders().getFirst(TandemHeaders.NODE);

		Matcher line = line("GET /hello?n=served HTTP/1.1");

		assertThat(MEMBERS.get(member).uris()).contains("/hello?n=served");
		assertThat(line.group(1)).isEqualTo("127.0.0.1");
		assertThat(line.group(3)).isEqualTo("200");
		assertThat(line.group(4)).isEqualTo(String.valueOf(result.getResponseHeaders().getContentLength()));
		assertThat(line.group(5)).isEqualTo("http://example.test/start");
		assertThat(line.group(6)).isEqualTo("it \\x22quoted\\x22");
		assertThat(line.group(7)).isEqualTo(member);
		assertThat(line.group(8)).isNotEqualTo("-");
		assertThat(line.group(9)).isEqualTo("1");
		assertThat(Long.parseLong(line.group(10))).isGreaterThanOrEqualTo(Long.parseLong(line.group(8)));
		assertThat(line.group()).doesNotContain("never-logged");
	}

	@Test
	void shouldLogAFailedOverRequestWithTheMemberThatAnsweredAndBothAttempts() {
		StubMember stopped = MEMBERS.get("was2");
		stopped.stop();
		for (int i = 0; i < 4; i++) {
			this.client.get().uri("/hello?n=failover-" + i).exchange().expectStatus().isOk();
		}

		List<Matcher> lines = List.of(line("GET /hello?n=failover-0 HTTP/1.1"),
				line("GET /hello?n=failover-1 HTTP/1.1"), line("GET /hello?n=failover-2 HTTP/1.1"),
				line("GET /hello?n=failover-3 HTTP/1.1"));

		assertThat(lines).allSatisfy((line) -> {
			assertThat(line.group(3)).isEqualTo("200");
			assertThat(line.group(7)).isEqualTo("was1");
			assertThat(line.group(8)).isNotEqualTo("-");
		});
		// Round robin sends every other request to the stopped member first.
		assertThat(lines).extracting((line) -> line.group(9)).contains("2").containsOnly("1", "2");
	}

	@Test
	void shouldLogTheGatewaysOwnAnswersWithoutAMember() {
		this.client.get().uri("/actuator/health").exchange().expectStatus().isNotFound();
		MEMBERS.forEach(StubMember::stop);
		this.client.get().uri("/hello?n=no-member").exchange().expectStatus().isEqualTo(502);

		Matcher guarded = line("GET /actuator/health HTTP/1.1");
		Matcher failed = line("GET /hello?n=no-member HTTP/1.1");

		assertThat(guarded.group(3)).isEqualTo("404");
		assertThat(guarded.group(7)).isEqualTo("-");
		assertThat(guarded.group(8)).isEqualTo("-");
		assertThat(guarded.group(9)).isEqualTo("0");
		assertThat(failed.group(3)).isEqualTo("502");
		assertThat(failed.group(7)).isEqualTo("-");
		assertThat(failed.group(8)).isEqualTo("-");
		assertThat(failed.group(9)).isEqualTo("2");
	}

	@Test
	void shouldEscapeARequestTargetWithBytesOutsidePrintableAsciiAndKeepItsVersion() throws IOException {
		int status = rawStatus("GET /caf\u00E9?n=raw HTTP/1.0\r\n\r\n");

		Matcher line = line("GET /caf\\xE9?n=raw HTTP/1.0");

		assertThat(status).isEqualTo(400);
		assertThat(line.group(3)).isEqualTo("400");
	}

	@Test
	void shouldNotLogRequestsToTheManagementPort() {
		WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.managementPort)
			.build()
			.get()
			.uri("/actuator/health?n=management")
			.exchange()
			.expectBody()
			.returnResult();
		// Lines are written in the order requests end: once this one is in, the
		// management request's would be too.
		this.client.get().uri("/hello?n=after-management").exchange().expectStatus().isOk();

		line("GET /hello?n=after-management HTTP/1.1");

		assertThat(lines()).noneMatch((line) -> line.contains("n=management"));
	}

	/** The one line of the request with this request line, once it has been written. */
	private static Matcher line(String requestLine) {
		String quoted = "\"" + requestLine + "\"";
		Optional<String> found = await().atMost(Duration.ofSeconds(10))
			.until(() -> lines().stream().filter((line) -> line.contains(quoted)).findFirst(), Optional::isPresent);
		assertThat(lines()).filteredOn((line) -> line.contains(quoted)).hasSize(1);
		Matcher matcher = LINE.matcher(found.get());
		assertThat(matcher.matches()).as("the format of %s", found.get()).isTrue();
		return matcher;
	}

	private static List<String> lines() {
		try {
			return Files.exists(LOG) ? Files.readAllLines(LOG, StandardCharsets.US_ASCII) : List.of();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The status of the answer to a request written byte for byte (ISO-8859-1). */
	private int rawStatus(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			String head = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
			return Integer.parseInt(head.substring(9, 12));
		}
	}

	private static Path tempFolder() {
		try {
			return Files.createTempDirectory("tandem-access-log-it");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
