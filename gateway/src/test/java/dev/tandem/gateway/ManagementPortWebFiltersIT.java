package dev.tandem.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.tandem.gateway.testing.StubMembers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which of Tandem's web filters act on the management port. Spring builds that port's
 * handler from the web filters of its own child context and of the public context above
 * it, so Tandem's filters run there too: the guards of a request's framing, headers and
 * body (and HSTS over TLS, see {@code GatewayTlsIT}) act as on the public port, while the
 * access log ({@code AccessLogIT}), the actuator guard and the path routes step aside,
 * because the management port serves {@code /actuator} and is no route to the members.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "tandem.gateway.health.enabled=false",
				"tandem.gateway.request.max-body-size=1KB", "tandem.gateway.routes[0].path=/app/**" })
class ManagementPortWebFiltersIT {

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("was1");

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void shouldServeTheActuatorPastTheActuatorGuardAndThePathRoutes() {
		client(this.managementPort).get().uri("/actuator/health").exchange().expectStatus().isOk();
		// The same filters refuse it on the public port: no route matches, and no
		// spelling of /actuator gets through.
		client(this.port).get().uri("/hello").exchange().expectStatus().isNotFound();
		client(this.port).get().uri("/app/actuator/health").exchange().expectStatus().isOk();
	}

	@Test
	void shouldRefuseAnAmbiguousHostAsThePublicPortDoes() throws IOException {
		String head = " HTTP/1.1\r\nHost: user@127.0.0.1\r\n\r\n";

		assertThat(statusLine(this.managementPort, "GET /actuator/health" + head))
			.isEqualTo("HTTP/1.1 400 Bad Request");
		assertThat(statusLine(this.port, "GET /app/x" + head)).isEqualTo("HTTP/1.1 400 Bad Request");
	}

	@Test
	void shouldRefuseADeclaredBodyOverTheLimitBeforeReadingIt() throws IOException {
		// No body follows: the limit answers from the head alone.
		String request = "POST /actuator/health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2048\r\n\r\n";

		assertThat(statusLine(this.managementPort, request)).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
	}

	@Test
	void shouldRunTandemsWebFiltersBetweenTheManagementPortsOwnAndSpringSecurity() {
		List<String> webFilters = ManagementContext.context.getBeanProvider(WebFilter.class)
			.orderedStream()
			.map((filter) -> ((filter instanceof Ordered ordered) ? ordered.getOrder() + " " : "")
					+ filter.getClass().getSimpleName())
			.toList();

		assertThat(webFilters).containsExactly("-2147483648 ConnectionCloseFilter",
				"-2147483648 OrderedExchangeContextFilter", "-2147483648 GatewayWebStages", "WebFilterChainProxy");
	}

	private static WebTestClient client(int port) {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

	/**
	 * The status line answered to a request written as is: no client library would send
	 * these heads.
	 */
	private static String statusLine(int port, String request) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			StringBuilder head = new StringBuilder();
			int read;
			while (head.indexOf("\r\n\r\n") < 0 && (read = in.read()) >= 0) {
				head.append((char) read);
			}
			return head.toString().lines().findFirst().orElse("");
		}
	}

	/** Catches the management port's child context as its server starts. */
	@TestConfiguration(proxyBeanMethods = false)
	static class ManagementContext {

		static volatile ApplicationContext context;

		@Bean
		ApplicationListener<WebServerInitializedEvent> managementContextCatcher() {
			return (event) -> {
				if ("management".equals(event.getApplicationContext().getServerNamespace())) {
					context = event.getApplicationContext();
				}
			};
		}

	}

}
