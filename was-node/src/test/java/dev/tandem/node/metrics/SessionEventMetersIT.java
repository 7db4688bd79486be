package dev.tandem.node.metrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.tandem.node.NodeApplication;
import dev.tandem.session.testing.SessionNodes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two real nodes: every node hears every session's events, yet the nodes' counts of
 * created and expired sessions add up to the sessions there were, not to twice as many.
 */
class SessionEventMetersIT {

	private static final int SESSIONS = 6;

	@RegisterExtension
	final SessionNodes<ConfigurableApplicationContext> nodes = SessionNodes.applications(NodeApplication.class)
		.with("tandem.node.demo.password=demo-s3cret", "server.servlet.session.timeout=2s");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	void shouldCountEachSessionOnceAcrossTheCluster() throws Exception {
		List<ConfigurableApplicationContext> cluster = this.nodes.start(2);
		int port = SessionNodes.httpPort(cluster.get(0));

		for (int i = 0; i < SESSIONS; i++) {
			HttpResponse<String> response = this.http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/session"))
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
		}

		await("created sessions counted").atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(total(cluster, "created")).isEqualTo(SESSIONS));
		// Hazelcast's expiry task visits the partitions every few seconds.
		await("expired sessions counted").atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(total(cluster, "expired")).isEqualTo(SESSIONS));
		assertThat(total(cluster, "created")).isEqualTo(SESSIONS);
		assertThat(total(cluster, "deleted")).isZero();
	}

	private static double total(List<ConfigurableApplicationContext> cluster, String event) {
		return cluster.stream()
			.mapToDouble((node) -> Search.in(node.getBean(MeterRegistry.class))
				.name("tandem.node.session.events")
				.tag("event", event)
				.counter()
				.count())
			.sum();
	}

}
