package dev.tandem.node;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import dev.tandem.session.testing.SessionNodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three full was-nodes in one JVM form a session cluster over loopback; a session started
 * on one node is read and updated on another, and survives its first node stopping.
 */
class SessionFailoverIT {

	private static final int NODES = 3;

	// Its own cluster name, so the test never joins a developer's running cluster.
	@RegisterExtension
	final SessionNodes<ConfigurableApplicationContext> nodes = SessionNodes.applications(NodeApplication.class);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@BeforeEach
	void startCluster() {
		this.nodes.start(NODES);
	}

	@Test
	void sessionShouldMoveBetweenNodesAndOutliveTheNodeThatStartedIt() throws Exception {
		for (int i = 0; i < NODES; i++) {
			assertReady(i, NODES);
		}

		HttpResponse<String> first = get(0, "/session", null);
		assertThat(first.headers().firstValue("X-Tandem-Node")).hasValue("n1");
		String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
		assertThat(setCookie).startsWith("SESSION=").contains("; HttpOnly").contains("; SameSite=Lax");
		String cookie = setCookie.substring(0, setCookie.indexOf(';'));
		assertCount(first, "n1", 1);
		// Sent whole (WholeAnswerFilter): a length instead of chunks, the view still
		// named.
		assertThat(first.headers().firstValue("Content-Length")).hasValue(String.valueOf(first.body().length()));
		assertThat(first.headers().firstValue("Transfer-Encoding")).isEmpty();
		assertThat(first.headers().firstValue("X-Tandem-View")).isPresent();

		assertCount(get(1, "/session", cookie), "n2", 2);

		HttpResponse<String> hello = get(1, "/hello", null);
		assertThat(hello.body()).contains("n2");
		assertThat(hello.headers().firstValue("X-Tandem-Node")).hasValue("n2");
		assertThat(hello.headers().firstValue("Set-Cookie")).isEmpty();

		this.nodes.stop(0);
		assertCount(get(1, "/session", cookie), "n2", 3);
		assertCount(get(2, "/session", cookie), "n3", 4);
		this.nodes.awaitSize(NODES - 1);
		assertReady(1, NODES - 1);
	}

	private void assertReady(int node, int members) throws Exception {
		// A node that joined is ready once its cluster has settled (partitions in place).
		await().atMost(Duration.ofSeconds(30))
			.until(() -> get(node, "/actuator/health/readiness", null).statusCode() == 200);
		HttpResponse<String> readiness = get(node, "/actuator/health/readiness", null);
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(readiness.body(), "$.status")).isEqualTo("UP");
		assertThat((Integer) JsonPath.read(readiness.body(), "$.components.sessionCluster.details.members"))
			.isEqualTo(members);
		// What the gateway shows of each node's view of the session cluster.
		assertThat((Integer) JsonPath.read(readiness.body(), "$.components.sessionCluster.details.clusterSize"))
			.isEqualTo(members);
		assertThat(JsonPath.<List<String>>read(readiness.body(),
				"$.components.sessionCluster.details.memberList[?(@.local == true)].nodeId"))
			.containsExactly("n" + (node + 1));
		assertThat(JsonPath.<List<String>>read(readiness.body(),
				"$.components.sessionCluster.details.memberList[*].address"))
			.hasSize(members)
			.allMatch((address) -> address.startsWith("127.0.0.1:"));
		assertThat(JsonPath.<Integer>read(readiness.body(), "$.components.sessionCluster.details.ownedSessions"))
			.isGreaterThanOrEqualTo(0);
		assertThat(JsonPath.<Integer>read(readiness.body(), "$.components.sessionCluster.details.backupSessions"))
			.isGreaterThanOrEqualTo(0);
	}

	private static void assertCount(HttpResponse<String> response, String node, int count) {
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(response.body(), "$.node")).isEqualTo(node);
		assertThat((Integer) JsonPath.read(response.body(), "$.count")).isEqualTo(count);
	}

	private HttpResponse<String> get(int node, String path, String cookie) throws Exception {
		int port = SessionNodes.httpPort(this.nodes.node(node));
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(5));
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
