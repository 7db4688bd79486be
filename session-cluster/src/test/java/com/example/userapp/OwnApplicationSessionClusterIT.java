package com.example.userapp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import dev.tandem.session.safewrite.ConfirmedWriteSessionRepository;
import dev.tandem.session.testing.SessionNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The library's promise (C10): a user's own application, with the library as its one
 * extra dependency and nothing but {@code tandem.node.*} set, runs as two nodes that
 * share sessions, the user's own attribute class included, and that report the session
 * cluster in their readiness.
 */
class OwnApplicationSessionClusterIT {

	// Only tandem.node.* (and a free HTTP port): nothing about Hazelcast or sessions.
	@RegisterExtension
	final SessionNodes<ConfigurableApplicationContext> nodes = SessionNodes.applications(UserApplication.class)
		.with("tandem.node.cluster.serialization.allowed-packages=com.example.userapp");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	void sessionWrittenOnOneNodeShouldBeHeldByTheOther() throws Exception {
		List<ConfigurableApplicationContext> started = this.nodes.start(2);
		ConfigurableApplicationContext a = started.get(0);
		ConfigurableApplicationContext b = started.get(1);

		HttpResponse<String> written = send(a,
				HttpRequest.newBuilder(uri(a, "/cart?item=tea")).POST(HttpRequest.BodyPublishers.noBody()), null);
		assertThat(written.statusCode()).isEqualTo(200);
		String cookie = sessionCookie(written);
		HttpResponse<String> readOnB = send(b, HttpRequest.newBuilder(uri(b, "/cart")).GET(), cookie);

		assertThat(readOnB.statusCode()).isEqualTo(200);
		assertThat(readOnB.body()).isEqualTo("{\"items\":[\"tea\"]}");
		// What B's own session store holds, not only what it answered.
		@SuppressWarnings("unchecked")
		SessionRepository<Session> repositoryOnB = b.getBean(SessionRepository.class);
		// The library's safe writes wrap the repository the application saves through.
		assertThat(repositoryOnB).isInstanceOf(ConfirmedWriteSessionRepository.class)
			.isInstanceOf(FindByIndexNameSessionRepository.class);
		Session held = repositoryOnB.findById(sessionId(cookie));
		assertThat(held).isNotNull();
		assertThat((Cart) held.getAttribute("cart")).isEqualTo(new Cart(List.of("tea")));
		// The library's defaults put the cluster into readiness, which the gateway reads.
		assertThat(b.getBean(HealthEndpointGroups.class).get("readiness").isMember("sessionCluster")).isTrue();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> send(b, HttpRequest.newBuilder(uri(b, "/actuator/health/readiness")).GET(), null)
				.statusCode() == 200);
	}

	private HttpResponse<String> send(ConfigurableApplicationContext node, HttpRequest.Builder request, String cookie)
			throws Exception {
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return this.http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(ConfigurableApplicationContext node, String path) {
		return URI.create("http://127.0.0.1:" + SessionNodes.httpPort(node) + path);
	}

	private static String sessionCookie(HttpResponse<String> response) {
		String value = response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((header) -> header.startsWith("SESSION="))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no SESSION cookie in " + response.headers()));
		return value.substring(0, value.indexOf(';'));
	}

	// Spring Session's cookie carries the session id in Base64.
	private static String sessionId(String cookie) {
		return new String(Base64.getDecoder().decode(cookie.substring("SESSION=".length())), StandardCharsets.UTF_8);
	}

}
