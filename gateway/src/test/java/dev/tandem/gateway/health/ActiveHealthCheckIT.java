package dev.tandem.gateway.health;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tandem.gateway.testing.Management;
import dev.tandem.gateway.testing.StubMember;
import dev.tandem.gateway.testing.StubMember.Received;
import dev.tandem.gateway.testing.StubMembers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's health checks against a real member over HTTP: the member answers 200,
 * then 503, then refuses connections, then 200 again. The member goes down after exactly
 * {@code fall} failed probes and comes back after exactly {@code rise} passed ones, as
 * counted by what the member answered; the listener hears each transition once; the
 * gateway's health shows it while its readiness does not depend on it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "tandem.gateway.health.path=/probe/ready",
				"tandem.gateway.health.interval=600ms", "tandem.gateway.health.fast-interval=100ms",
				"tandem.gateway.health.timeout=500ms", "tandem.gateway.health.rise=2", "tandem.gateway.health.fall=2" })
class ActiveHealthCheckIT {

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("was1");

	static final StubMember WAS1 = MEMBERS.get("was1");

	static final List<Transition> TRANSITIONS = new CopyOnWriteArrayList<>();

	@Autowired
	ActiveHealthChecker checker;

	@LocalManagementPort
	int managementPort;

	@Test
	void shouldFollowTheMemberDownAndBackUpByRiseAndFall() {
		// A slow first probe (cold JVM) may time out: start from a clean run of passes.
		// The probe timeout is long enough that a loaded machine does not
		// turn a 503 into one.
		await().atMost(Duration.ofSeconds(20)).until(() -> was1().up() && was1().consecutivePasses() >= 2);
		TRANSITIONS.clear();

		WAS1.failProbes(true);
		await().atMost(Duration.ofSeconds(10)).until(() -> TRANSITIONS.size() == 1);

		Transition down = TRANSITIONS.get(0);
		assertThat(down.ready()).isFalse();
		assertThat(down.reason()).isEqualTo("2 failed probes, last: 503");
		assertThat(statuses(down.answeredSoFar())).filteredOn((status) -> status == 503).hasSize(2);
		assertMembersHealth("DOWN", "503");
		management().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();

		WAS1.stop();
		await().atMost(Duration.ofSeconds(10)).until(() -> "connect refused".equals(was1().lastReason()));
		assertThat(was1().up()).isFalse();

		int answeredWhileStopped = WAS1.probes().size();
		WAS1.restart();
		await().atMost(Duration.ofSeconds(10)).until(() -> TRANSITIONS.size() == 2);

		Transition up = TRANSITIONS.get(1);
		assertThat(up.ready()).isTrue();
		assertThat(up.reason()).isEqualTo("2 passed probes, last: 200");
		assertThat(statuses(up.answeredSoFar()).subList(answeredWhileStopped, up.answeredSoFar().size()))
			.containsExactly(200, 200);
		assertMembersHealth("UP", "200");

		// What the member received: only GETs of the configured path, marked as probes.
		assertThat(WAS1.received()).as("requests other than probes").isEmpty();
		assertThat(WAS1.probes()).allSatisfy((probe) -> {
			assertThat(probe.method()).isEqualTo("GET");
			assertThat(probe.uri()).isEqualTo("/probe/ready");
			assertThat(probe.headers().getFirst(HttpHeaders.USER_AGENT)).isEqualTo(HttpHealthProbe.USER_AGENT);
		});
		assertThat(TRANSITIONS).hasSize(2);
	}

	private MemberHealth was1() {
		return this.checker.snapshot().member("was1").orElseThrow();
	}

	private static List<Integer> statuses(List<Received> probes) {
		return probes.stream().map(Received::status).toList();
	}

	private void assertMembersHealth(String state, String lastReason) {
		management().get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isEqualTo("UP".equals(state) ? 200 : 503)
			.expectBody()
			.jsonPath("$.components.members.status")
			.isEqualTo(state)
			.jsonPath("$.components.members.details.was1.state")
			.isEqualTo(state)
			.jsonPath("$.components.members.details.was1.lastReason")
			.isEqualTo(lastReason)
			.jsonPath("$.components.members.details.was1.lastCheck")
			.exists();
	}

	private WebTestClient management() {
		return Management.admin(this.managementPort);
	}

	/**
	 * A transition as the listener heard it, with the probes the member answered by then.
	 */
	record Transition(String memberId, boolean ready, String reason, List<Received> answeredSoFar) {
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class RecordingListenerConfiguration {

		@Bean
		MemberHealthListener recordingListener() {
			return (memberId, ready, reason) -> TRANSITIONS.add(new Transition(memberId, ready, reason, WAS1.probes()));
		}

	}

}
