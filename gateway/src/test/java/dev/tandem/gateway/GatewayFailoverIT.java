package dev.tandem.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in front of two active stub members, one of which fails: GETs must still
 * succeed on the other, other methods are not retried, and a client whose request no
 * member can answer gets a plain 502.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class GatewayFailoverIT {

	static final StubMember HEALTHY = StubMember.start("was1");

	static final StubMember FAILING = StubMember.start("was2");

	@LocalServerPort
	int port;

	WebTestClient client;

	@DynamicPropertySource
	static void members(DynamicPropertyRegistry registry) {
		HEALTHY.register(registry, 0, 0);
		FAILING.register(registry, 1, 0);
	}

	@AfterAll
	static void stopMembers() {
		Stream.of(HEALTHY, FAILING).forEach(StubMember::close);
	}

	@BeforeEach
	void forgetEarlierRequests() {
		this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		Stream.of(HEALTHY, FAILING).forEach(StubMember::forget);
	}

	@AfterEach
	void restartMembers() {
		Stream.of(HEALTHY, FAILING).forEach(StubMember::restart);
	}

	@Test
	void shouldServeEveryGetFromTheOtherMemberWhenOneIsStopped() {
		FAILING.stop();

		for (int i = 0; i < 10; i++) {
			this.client.get().uri("/hello").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("was1");
		}

		assertThat(HEALTHY.received()).hasSize(10);
	}

	@Test
	void shouldServeEveryGetFromTheOtherMemberWhenOneDropsConnections() {
		FAILING.dropConnections();

		for (int i = 0; i < 10; i++) {
			this.client.get().uri("/hello").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("was1");
		}

		// Each retry went back to the balancer, which chose the next member. A request
		// that meets the failing member uses two turns, so the next one starts there
		// again: all requests but perhaps the first were tried on it.
		assertThat(FAILING.received()).hasSizeGreaterThanOrEqualTo(9);
		assertThat(HEALTHY.received()).hasSize(10);
	}

	@Test
	void shouldNotRetryRequestsWithABody() {
		FAILING.dropConnections();

		List<HttpStatus> statuses = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			statuses.add(HttpStatus.valueOf(this.client.post()
				.uri("/session")
				.bodyValue("x=" + i)
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.value()));
		}

		// Each POST reached exactly one member: those that met the failing one failed.
		assertThat(statuses).containsOnly(HttpStatus.OK, HttpStatus.BAD_GATEWAY);
		assertThat(FAILING.received()).hasSize(frequency(statuses, HttpStatus.BAD_GATEWAY)).isNotEmpty();
		assertThat(HEALTHY.received()).hasSize(frequency(statuses, HttpStatus.OK));
	}

	private static int frequency(List<HttpStatus> statuses, HttpStatus status) {
		return (int) statuses.stream().filter(status::equals).count();
	}

	@Test
	void shouldAnswerBadGatewayWithoutDetailsWhenNoMemberAnswers() {
		HEALTHY.stop();
		FAILING.stop();

		EntityExchangeResult<String> result = this.client.get()
			.uri("/hello")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.BAD_GATEWAY)
			.expectBody(String.class)
			.returnResult();

		assertThat(result.getResponseBody()).doesNotContain("Exception", "trace", "refused", "127.0.0.1:");
	}

}
