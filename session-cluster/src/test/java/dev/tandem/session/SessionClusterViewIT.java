package dev.tandem.session;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.example.userapp.UserApplication;
import com.jayway.jsonpath.JsonPath;
import dev.tandem.session.testing.SessionNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each node's {@code sessionCluster} readiness details show the members it sees, whether
 * the cluster is safe, and how many sessions it holds: with one backup on two nodes, the
 * primary copies of both add up to the sessions created, and so do the backups.
 */
class SessionClusterViewIT {

	private static final int SESSIONS_PER_NODE = 10;

	// The was-node shows the readiness details to everyone; a user's application opts in.
	@RegisterExtension
	final SessionNodes<ConfigurableApplicationContext> nodes = SessionNodes.applications(UserApplication.class)
		.with("management.endpoint.health.group.readiness.show-details=always");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	void eachNodeShouldShowItsViewOfTheClusterAndTheSessionsItHolds() throws Exception {
		List<ConfigurableApplicationContext> started = this.nodes.start(2);
		ConfigurableApplicationContext a = started.get(0);
		ConfigurableApplicationContext b = started.get(1);
		createSessions(a);
		createSessions(b);
		int created = 2 * SESSIONS_PER_NODE;
		SessionCluster onA = a.getBean(SessionCluster.class);
		SessionCluster onB = b.getBean(SessionCluster.class);

		// The counts are read once a second in the background.
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			SessionClusterState stateA = onA.state();
			SessionClusterState stateB = onB.state();
			return stateA.clusterSafe() && stateB.clusterSafe()
					&& stateA.ownedSessions() + stateB.ownedSessions() == created
					&& stateA.backupSessions() + stateB.backupSessions() == created;
		});
		SessionClusterState stateA = onA.state();
		SessionClusterState stateB = onB.state();
		assertThat(stateA.backupSessions()).isEqualTo(stateB.ownedSessions());
		assertThat(stateB.backupSessions()).isEqualTo(stateA.ownedSessions());
		assertThat(stateA.clusterSize()).isEqualTo(2);

		await().atMost(Duration.ofSeconds(30)).until(() -> readiness(a).statusCode() == 200);
		String body = readiness(a).body();
		System.out.println("Readiness of n1: " + body);
		Map<String, Object> details = JsonPath.read(body, "$.components.sessionCluster.details");
		assertThat(details).containsEntry("members", 2)
			.containsEntry("clusterSize", 2)
			.containsEntry("clusterSafe", true)
			.containsEntry("localMemberSafe", true)
			.containsEntry("settled", true)
			.containsEntry("ownedSessions", (int) stateA.ownedSessions())
			.containsEntry("backupSessions", (int) stateA.backupSessions());
		assertThat(JsonPath.<List<Map<String, Object>>>read(body, "$.components.sessionCluster.details.memberList"))
			.containsExactlyInAnyOrder(
					Map.of("address", "127.0.0.1:" + this.nodes.memberPort(0), "nodeId", "n1", "local", true),
					Map.of("address", "127.0.0.1:" + this.nodes.memberPort(1), "nodeId", "n2", "local", false));

		// A stopped member is never asked for its sessions map.
		this.nodes.stop(0);
		SessionClusterState stopped = onA.state();
		assertThat(stopped.running()).isFalse();
		assertThat(stopped.ownedSessions()).isEqualTo(-1);
		assertThat(stopped.backupSessions()).isEqualTo(-1);
		// A handed its primary copies to B, which now holds every session and no backup.
		await().atMost(Duration.ofSeconds(30))
			.until(() -> onB.state().clusterSize() == 1 && onB.state().ownedSessions() == created
					&& onB.state().backupSessions() == 0);
	}

	@SuppressWarnings("unchecked")
	private static void createSessions(ConfigurableApplicationContext node) {
		SessionRepository<Session> repository = node.getBean(SessionRepository.class);
		for (int i = 0; i < SESSIONS_PER_NODE; i++) {
			Session session = repository.createSession();
			session.setAttribute("count", i);
			repository.save(session);
		}
	}

	private HttpResponse<String> readiness(ConfigurableApplicationContext node) throws Exception {
		URI uri = URI.create("http://127.0.0.1:" + SessionNodes.httpPort(node) + "/actuator/health/readiness");
		return this.http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
