package dev.tandem.gateway.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.Certificate;
import java.time.Duration;

import javax.net.ssl.SSLPeerUnverifiedException;

import dev.tandem.gateway.testing.StubMember;
import dev.tandem.gateway.testing.StubMembers;
import dev.tandem.gateway.testing.TestCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTPS on the public port from PEM files the test makes, to plain-HTTP stub members: the
 * client trusts only the test's certificates; the redirect port sends plain HTTP to it;
 * HSTS is on HTTPS answers only; the affinity cookie is Secure; the management port
 * serves TLS with the same bundle; and a certificate renewed on disk as certbot renews
 * one is served to new connections without a restart.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "tandem.gateway.health.enabled=false",
				"tandem.gateway.ejection.consecutive-failures=0", "server.ssl.bundle=gateway",
				"management.server.ssl.bundle=gateway", "spring.ssl.bundle.pem.gateway.reload-on-update=true",
				"spring.ssl.bundle.watch.file.quiet-period=200ms", "tandem.gateway.tls.hsts=max-age=31536000" })
// Closed after the class: each context still cached when the fork ends takes about 2 s to
// close, and the fork must exit within 30 s.
@DirtiesContext
class GatewayTlsIT {

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("was1", "was2");

	/**
	 * The PEM files, laid out as certbot does: links in live/ to numbered files in
	 * archive/. JUnit removes the directory after the class, once the context (closed
	 * after the class, see above) no longer watches it.
	 */
	@TempDir
	static Path dir;

	static TestCertificate first;

	static TestCertificate second;

	static final int REDIRECT_PORT = TestSocketUtils.findAvailableTcpPort();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@DynamicPropertySource
	static void pemFiles(DynamicPropertyRegistry registry) throws IOException {
		first = TestCertificate.create(dir, "tandem-first");
		second = TestCertificate.create(dir, "tandem-second");
		Files.createDirectories(dir.resolve("live"));
		Files.createDirectories(dir.resolve("archive"));
		issue(first, 1);
		registry.add("spring.ssl.bundle.pem.gateway.keystore.certificate", () -> "file:" + certificate());
		registry.add("spring.ssl.bundle.pem.gateway.keystore.private-key", () -> "file:" + privateKey());
		registry.add("tandem.gateway.tls.redirect-port", () -> REDIRECT_PORT);
	}

	@Test
	void shouldServeHttpsEndToEndWithHstsAndASecureAffinityCookie() {
		HttpResponse<String> answer = send(get("https://127.0.0.1:" + this.port + "/hello"));

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.body()).isIn("was1", "was2");
		assertThat(answer.headers().allValues("Strict-Transport-Security")).containsExactly("max-age=31536000");
		assertThat(answer.headers().allValues("Set-Cookie")).singleElement()
			.satisfies((cookie) -> assertThat(cookie).startsWith("TANDEM_ROUTE=").contains("; Secure"));
		StubMember served = MEMBERS.get(answer.body());
		assertThat(served.received()).singleElement()
			.satisfies((received) -> assertThat(received.headers().getFirst("X-Forwarded-Proto")).isEqualTo("https"));
	}

	@Test
	void shouldRedirectPlainHttpToHttpsWithoutHsts() {
		HttpResponse<String> get = send(get("http://127.0.0.1:" + REDIRECT_PORT + "/cart?item=1"));
		HttpResponse<String> post = send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + REDIRECT_PORT + "/cart"))
					.POST(HttpRequest.BodyPublishers.ofString("item=1"))
					.build());

		assertThat(get.statusCode()).isEqualTo(301);
		assertThat(get.headers().firstValue("Location")).hasValue("https://127.0.0.1:" + this.port + "/cart?item=1");
		assertThat(get.headers().allValues("Strict-Transport-Security")).isEmpty();
		assertThat(post.statusCode()).isEqualTo(308);
		assertThat(post.headers().firstValue("Location")).hasValue("https://localhost:" + this.port + "/cart");
		assertThat(MEMBERS.stream().mapToInt((member) -> member.received().size()).sum()).isZero();
	}

	@Test
	void shouldServeTheManagementPortOverTls() {
		HttpResponse<String> health = send(get("https://127.0.0.1:" + this.managementPort + "/actuator/health"));

		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
		assertThat(health.headers().allValues("Strict-Transport-Security")).containsExactly("max-age=31536000");
	}

	@Test
	void shouldServeACertificateRenewedOnDiskWithoutARestart() throws Exception {
		String url = "https://127.0.0.1:" + this.port + "/hello";
		assertThat(servedCertificate(url)).isEqualTo(first.certificate());

		issue(second, 2);

		// Boot's file watcher waits for a quiet period, then swaps the bundle.
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> assertThat(servedCertificate(url)).isEqualTo(second.certificate()));
	}

	/**
	 * What certbot does on a renewal: new numbered files in archive/, then each link in
	 * live/ replaced atomically to point to them.
	 */
	private static void issue(TestCertificate certificate, int number) throws IOException {
		Path chain = dir.resolve("archive/fullchain" + number + ".pem");
		Path key = dir.resolve("archive/privkey" + number + ".pem");
		certificate.writePem(chain, key);
		link(privateKey(), key);
		link(certificate(), chain);
	}

	private static Path certificate() {
		return dir.resolve("live/fullchain.pem");
	}

	private static Path privateKey() {
		return dir.resolve("live/privkey.pem");
	}

	private static void link(Path link, Path target) throws IOException {
		Path next = link.resolveSibling(link.getFileName() + ".new");
		Files.createSymbolicLink(next, link.getParent().relativize(target));
		Files.move(next, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/** The certificate a new connection is shown. */
	private static Certificate servedCertificate(String url) throws SSLPeerUnverifiedException {
		return send(get(url)).sslSession().orElseThrow().getPeerCertificates()[0];
	}

	private static HttpRequest get(String url) {
		return HttpRequest.newBuilder(URI.create(url)).GET().build();
	}

	/** Over a new client, so over a new connection, trusting both certificates only. */
	private static HttpResponse<String> send(HttpRequest request) {
		HttpClient client = HttpClient.newBuilder()
			.sslContext(TestCertificate.trusting(first, second))
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		try {
			return client.send(request, BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
