package dev.tandem.gateway.health;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
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
				"tandem.gateway.health.interval=200ms", "tandem.gateway.health.fast-interval=100ms",
				"tandem.gateway.health.timeout=150ms", "tandem.gateway.health.rise=2", "tandem.gateway.health.fall=2" })
class ActiveHealthCheckIT {

	static final ProbedMember WAS1 = ProbedMember.start();

	static final List<Transition> TRANSITIONS = new CopyOnWriteArrayList<>();

	@Autowired
	ActiveHealthChecker checker;

	@LocalManagementPort
	int managementPort;

	@DynamicPropertySource
	static void members(DynamicPropertyRegistry registry) {
		registry.add("tandem.gateway.members[0].id", () -> "was1");
		registry.add("tandem.gateway.members[0].uri", () -> "http://127.0.0.1:" + WAS1.port);
	}

	@AfterAll
	static void stopMember() {
		WAS1.stop();
	}

	@Test
	void shouldFollowTheMemberDownAndBackUpByRiseAndFall() {
		// A slow first probe (cold JVM) may time out: start from a clean run of passes.
		await().atMost(Duration.ofSeconds(20)).until(() -> was1().up() && was1().consecutivePasses() >= 2);
		TRANSITIONS.clear();

		WAS1.answerWith(HttpResponseStatus.SERVICE_UNAVAILABLE);
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

		int answeredWhileStopped = WAS1.answers.size();
		WAS1.restart(HttpResponseStatus.OK);
		await().atMost(Duration.ofSeconds(10)).until(() -> TRANSITIONS.size() == 2);

		Transition up = TRANSITIONS.get(1);
		assertThat(up.ready()).isTrue();
		assertThat(up.reason()).isEqualTo("2 passed probes, last: 200");
		assertThat(statuses(up.answeredSoFar()).subList(answeredWhileStopped, up.answeredSoFar().size()))
			.containsExactly(200, 200);
		assertMembersHealth("UP", "200");

		// What the member received: only GETs of the configured path, marked as probes.
		assertThat(WAS1.answers).allSatisfy((answer) -> {
			assertThat(answer.method()).isEqualTo("GET");
			assertThat(answer.uri()).isEqualTo("/probe/ready");
			assertThat(answer.userAgent()).isEqualTo(HttpHealthProbe.USER_AGENT);
		});
		assertThat(TRANSITIONS).hasSize(2);
	}

	private MemberHealth was1() {
		return this.checker.snapshot().member("was1").orElseThrow();
	}

	private static List<Integer> statuses(List<Answer> answers) {
		return answers.stream().map(Answer::status).toList();
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
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.managementPort).build();
	}

	/**
	 * A transition as the listener heard it, with what the member had answered by then.
	 */
	record Transition(String memberId, boolean ready, String reason, List<Answer> answeredSoFar) {
	}

	/** One request the member answered. */
	record Answer(String method, String uri, String userAgent, int status) {
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class RecordingListenerConfiguration {

		@Bean
		MemberHealthListener recordingListener() {
			return (memberId, ready, reason) -> TRANSITIONS
				.add(new Transition(memberId, ready, reason, List.copyOf(WAS1.answers)));
		}

	}

	/**
	 * A member reduced to its readiness answer: a Reactor Netty server on a free port
	 * whose status the test sets, which can stop (connections refused) and start again on
	 * the same port, recording every request it answered.
	 */
	static final class ProbedMember {

		final List<Answer> answers = new CopyOnWriteArrayList<>();

		private volatile HttpResponseStatus status = HttpResponseStatus.OK;

		private DisposableServer server;

		private int port;

		static ProbedMember start() {
			ProbedMember member = new ProbedMember();
			member.bind(0);
			return member;
		}

		private void bind(int port) {
			this.server = HttpServer.create().host("127.0.0.1").port(port).handle((request, response) -> {
				HttpResponseStatus answer = this.status;
				this.answers.add(new Answer(request.method().name(), request.uri(),
						request.requestHeaders().get(HttpHeaderNames.USER_AGENT), answer.code()));
				return response.status(answer).sendString(Mono.just("{\"status\":\"" + answer.code() + "\"}"));
			}).bindNow();
			this.port = this.server.port();
		}

		void answerWith(HttpResponseStatus status) {
			this.status = status;
		}

		synchronized void stop() {
			if (this.server != null) {
				this.server.disposeNow();
				this.server = null;
			}
		}

		synchronized void restart(HttpResponseStatus status) {
			this.status = status;
			if (this.server == null) {
				bind(this.port);
			}
		}

	}

}
