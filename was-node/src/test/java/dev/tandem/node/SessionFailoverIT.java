package dev.tandem.node;

import java.io.IOException;
import dev.tandem.session.testing.MemberPorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;
import dev.tandem.session.SessionCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three full was-nodes in one JVM form a session cluster over loopback; a session started
 * on one node is read and updated on another, and survives its first node stopping.
 */
class SessionFailoverIT {

	private static final int NODES = 3;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	@BeforeEach
	void startCluster() throws IOException {
		List<Integer> clusterPorts = MemberPorts.free(NODES);
		String members = clusterPorts.stream().map((port) -> "127.0.0.1:" + port).collect(Collectors.joining(","));
		// A cluster name of its own, so the test never joins a developer's running
		// cluster.
		String clusterName = "tandem-it-" + UUID.randomUUID();
		for (int i = 0; i < NODES; i++) {
			this.nodes.add(new SpringApplicationBuilder(NodeApplication.class).main(NodeApplication.class)
				.run("--server.port=0", "--tandem.node.id=n" + (i + 1), "--tandem.node.cluster.name=" + clusterName,
						"--tandem.node.cluster.port=" + clusterPorts.get(i), "--tandem.node.cluster.members=" + members,
						"--tandem.node.cluster.interface=127.0.0.1"));
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.nodes.stream().allMatch((node) -> memberCount(node) == NODES));
	}

	@AfterEach
	void stopCluster() {
		this.nodes.forEach(ConfigurableApplicationContext::close);
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

		assertCount(get(1, "/session", cookie), "n2", 2);

		HttpResponse<String> hello = get(1, "/hello", null);
		assertThat(hello.body()).contains("n2");
		assertThat(hello.headers().firstValue("X-Tandem-Node")).hasValue("n2");
		assertThat(hello.headers().firstValue("Set-Cookie")).isEmpty();

		this.nodes.get(0).close();
		assertCount(get(1, "/session", cookie), "n2", 3);
		assertCount(get(2, "/session", cookie), "n3", 4);
		await().atMost(Duration.ofSeconds(10)).until(() -> memberCount(this.nodes.get(1)) == NODES - 1);
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
	}

	private static void assertCount(HttpResponse<String> response, String node, int count) {
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(response.body(), "$.node")).isEqualTo(node);
		assertThat((Integer) JsonPath.read(response.body(), "$.count")).isEqualTo(count);
	}

	private HttpResponse<String> get(int node, String path, String cookie) throws Exception {
		int port = ((WebServerApplicationContext) this.nodes.get(node)).getWebServer().getPort();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(5));
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static int memberCount(ConfigurableApplicationContext node) {
		return node.getBean(SessionCluster.class).state().members().size();
	}

}
