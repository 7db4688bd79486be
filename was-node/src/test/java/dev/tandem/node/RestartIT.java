package dev.tandem.node;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.tandem.session.testing.RecordingExit;
import dev.tandem.session.testing.SessionNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The restart endpoint on a full was-node: the node's login and CSRF check never see
 * {@code POST /tandem/restart}, whose bearer token alone decides, and the right token
 * closes the node and asks to exit.
 */
class RestartIT {

	private static final String TOKEN = "was-node-restart-token-0123";

	@RegisterExtension
	final SessionNodes<ConfigurableApplicationContext> nodes = SessionNodes.applications(NodeApplication.class,
			RecordingExit.class);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	void tokenAloneShouldDecideAndTheRightOneShouldStopTheNode() throws Exception {
		ConfigurableApplicationContext node = this.nodes.start(1, "tandem.node.restart.token=" + TOKEN).get(0);
		RecordingExit exit = node.getBean(RecordingExit.class);
		int port = SessionNodes.httpPort(node);

		HttpResponse<String> wrong = restart(port, "Bearer not-the-restart-token-0123");
		assertThat(wrong.statusCode()).as("no CSRF token, wrong bearer token").isEqualTo(401);
		assertThat(node.isActive()).isTrue();

		HttpResponse<String> accepted = restart(port, "Bearer " + TOKEN);
		assertThat(accepted.statusCode()).as("no CSRF token, right bearer token").isEqualTo(202);
		assertThat(accepted.body()).isEqualTo("{\"restarting\":true}");
		assertThat(accepted.headers().firstValue("Set-Cookie")).as("session cookie").isEmpty();
		await().atMost(Duration.ofSeconds(30)).until(() -> !exit.exits().isEmpty());
		assertThat(exit.exits()).containsExactly(new RecordingExit.Exit(0, false, "tandem-restart"));
	}

	private HttpResponse<String> restart(int port, String authorization) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/tandem/restart"))
			.timeout(Duration.ofSeconds(5))
			.header("Authorization", authorization)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
