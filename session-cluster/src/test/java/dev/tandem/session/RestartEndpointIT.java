package dev.tandem.session;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.example.userapp.UserApplication;
import dev.tandem.session.testing.RecordingExit;
import dev.tandem.session.testing.SessionNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /tandem/restart} on a real node of a user's application: absent without a
 * token; with one, a wrong or missing bearer token is refused and changes nothing, and
 * the right one is answered 202 before the node stops gracefully (readiness DOWN first,
 * still serving during the drain wait) and then asks to exit, once however often it is
 * asked.
 */
@ExtendWith(OutputCaptureExtension.class)
class RestartEndpointIT {

	private static final String TOKEN = "restart-token-for-tests-0123";

	// Hazelcast's test jar brings a logback.xml that logs errors only; the test reads the
	// library's WARN and INFO lines.
	@RegisterExtension
	final SessionNodes<ConfigurableApplicationContext> nodes = SessionNodes
		.applications(UserApplication.class, RecordingExit.class)
		.with("logging.level.dev.tandem.session=info");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	void withoutATokenThePathShouldBeUnknown() throws Exception {
		ConfigurableApplicationContext node = this.nodes.start(1).get(0);

		assertThat(restart(node, "Bearer " + TOKEN).statusCode()).isEqualTo(404);
		assertThat(node.isActive()).isTrue();
		assertThat(node.getBeansOfType(NodeRestart.class)).isEmpty();
	}

	@Test
	void shouldRefuseAWrongTokenAndStopOnceForTheRightOne(CapturedOutput output) throws Exception {
		// A drain wait long enough to ask again while the node still serves.
		ConfigurableApplicationContext node = this.nodes
			.start(1, "tandem.node.restart.token=" + TOKEN, "tandem.node.shutdown.drain-wait=3s")
			.get(0);
		RecordingExit exit = node.getBean(RecordingExit.class);
		await().atMost(Duration.ofSeconds(30)).until(() -> readinessStatus(node) == 200);

		HttpResponse<String> wrong = restart(node, "Bearer wrong-token-wrong-token");
		HttpResponse<String> missing = restart(node, null);
		HttpResponse<String> get = this.http.send(request(node, "/tandem/restart").GET().build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(wrong.body()).isEqualTo("Restarting this node needs the restart token as a bearer token.\n");
		assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(missing.statusCode()).isEqualTo(401);
		assertThat(get.statusCode()).isEqualTo(405);
		assertThat(output).contains("Refused a restart request from 127.0.0.1: its bearer token is missing or wrong.")
			.doesNotContain("wrong-token-wrong-token")
			.doesNotContain(TOKEN);
		assertThat(node.isActive()).isTrue();
		assertThat(readinessStatus(node)).isEqualTo(200);
		assertThat(exit.exits()).isEmpty();

		HttpResponse<String> accepted = restart(node, "Bearer " + TOKEN);

		assertThat(accepted.statusCode()).isEqualTo(202);
		assertThat(accepted.body()).isEqualTo("{\"restarting\":true}");
		assertThat(accepted.headers().firstValue("Content-Type")).hasValue("application/json");
		// The graceful stop has begun: not ready, and still serving during the drain
		// wait.
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> readinessStatus(node) == 503);
		assertThat(restart(node, "Bearer " + TOKEN).statusCode()).as("asked again while stopping").isEqualTo(202);
		await().atMost(Duration.ofSeconds(30)).until(() -> !exit.exits().isEmpty());
		assertThat(exit.exits()).containsExactly(new RecordingExit.Exit(0, false, "tandem-restart"));
		assertThat(node.isActive()).isFalse();
		assertThat(output).contains("Restart requested by 127.0.0.1: stopping gracefully")
			.contains("Restart requested again by 127.0.0.1; the node is already stopping.");
		Thread.sleep(500);
		assertThat(exit.exits()).as("exits asked for").hasSize(1);
		assertThat(output).doesNotContain(TOKEN);
	}

	private HttpResponse<String> restart(ConfigurableApplicationContext node, String authorization) throws Exception {
		HttpRequest.Builder request = request(node, "/tandem/restart").POST(HttpRequest.BodyPublishers.noBody());
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private int readinessStatus(ConfigurableApplicationContext node) throws Exception {
		return this.http
			.send(request(node, "/actuator/health/readiness").GET().build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private static HttpRequest.Builder request(ConfigurableApplicationContext node, String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + SessionNodes.httpPort(node) + path))
			.timeout(Duration.ofSeconds(5));
	}

}
