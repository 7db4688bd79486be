package dev.tandem.node.metrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import dev.tandem.node.NodeApplication;
import dev.tandem.session.testing.SessionNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full was-node over real HTTP: {@code /actuator/prometheus} answers the scrape user's
 * HTTP Basic login and nobody else, creates no session, and carries the session cluster's
 * meters tagged with the application and the node; the demo's form login keeps every
 * other path.
 */
@ExtendWith(OutputCaptureExtension.class)
class ScrapeSecurityIT {

	private static final String PASSWORD = "scrape-s3cret";

	@RegisterExtension
	final SessionNodes<ConfigurableApplicationContext> nodes = SessionNodes.applications(NodeApplication.class)
		.with("tandem.node.demo.password=demo-s3cret");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	void shouldServeTheMetricsOnlyToTheScrapeUser() throws Exception {
		int port = startNode("tandem.node.metrics.username=scraper", "tandem.node.metrics.password="
				+ PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(PASSWORD));

		HttpResponse<String> anonymous = get(port, "/actuator/prometheus", null);
		HttpResponse<String> wrong = get(port, "/actuator/prometheus", basic("scraper", "guess"));
		HttpResponse<String> scrape = get(port, "/actuator/prometheus", basic("scraper", PASSWORD));

		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
			.hasValue("Basic realm=\"" + ScrapeSecurityConfiguration.REALM + "\"");
		assertThat(anonymous.body()).doesNotContain("tandem_node");
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.body()).contains("tandem_node_cluster_size{application=\"was-node\",node=\"n1\"} 1.0")
			.contains("tandem_node_partition_safe{application=\"was-node\",node=\"n1\"}")
			.contains("tandem_node_sessions{application=\"was-node\",kind=\"owned\",node=\"n1\"}")
			.contains("tandem_node_sessions{application=\"was-node\",kind=\"backup\",node=\"n1\"}")
			.contains("tandem_node_session_events_total{application=\"was-node\",event=\"created\",node=\"n1\"}")
			.contains("jvm_memory_used_bytes{application=\"was-node\",area=\"heap\"");
		// Neither the refusals nor the scrape opened a session in the cluster.
		for (HttpResponse<String> response : List.of(anonymous, wrong, scrape)) {
			assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
		}
	}

	@Test
	void shouldRefuseEveryScrapeAndSaySoOnceWhenNoPasswordIsSet(CapturedOutput output) throws Exception {
		int port = startNode();

		HttpResponse<String> scrape = get(port, "/actuator/prometheus", basic("prometheus", "prometheus"));

		assertThat(scrape.statusCode()).isEqualTo(401);
		assertThat(output).containsOnlyOnce("Prometheus scraping is off: tandem.node.metrics.password is not set");
	}

	@Test
	void shouldKeepTheFormLoginForEverythingElse() throws Exception {
		int port = startNode("tandem.node.metrics.password={noop}" + PASSWORD);

		HttpResponse<String> sessions = get(port, "/actuator/sessions?username=demo", basic("prometheus", PASSWORD));
		HttpResponse<String> me = get(port, "/me", null);

		// The scrape user is no user of the application: Basic is not even tried there.
		assertThat(sessions.statusCode()).isEqualTo(302);
		assertThat(sessions.headers().firstValue("Location").orElseThrow()).endsWith("/login");
		assertThat(me.statusCode()).isEqualTo(302);
		assertThat(get(port, "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
	}

	private int startNode(String... properties) {
		return SessionNodes.httpPort(this.nodes.start(1, properties).get(0));
	}

	private HttpResponse<String> get(int port, String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
