package dev.tandem.gateway;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.tandem.gateway.testing.AttemptRecorder;
import dev.tandem.gateway.testing.StubMember;
import dev.tandem.gateway.testing.StubMembers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in front of two active stub members, one of which fails in turn by refusing
 * connections, by dropping them after reading the request, or by never answering. Judged
 * by what each member received: a request is sent to the other member when it never
 * reached the failing one, or when it is idempotent and its body was buffered; otherwise
 * the client gets a plain 502 and the other member never sees it.
 */
// Health checks and passive ejection would carry one test's stopped members into the
// next; GatewayBalancingIT covers them.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "logging.level.dev.tandem.gateway.routing=DEBUG",
				"tandem.gateway.health.enabled=false", "tandem.gateway.ejection.consecutive-failures=0",
				"tandem.gateway.retry.max-body-size=" + GatewayFailoverIT.MAX_BODY,
				"spring.cloud.gateway.server.webflux.httpclient.response-timeout="
						+ GatewayFailoverIT.RESPONSE_TIMEOUT_MILLIS + "ms" })
@Import(AttemptRecorder.class)
class GatewayFailoverIT {

	static final String MAX_BODY = "16KB";

	static final long RESPONSE_TIMEOUT_MILLIS = 1000;

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("was1", "was2");

	static final StubMember HEALTHY = MEMBERS.get("was1");

	static final StubMember FAILING = MEMBERS.get("was2");

	@LocalServerPort
	int port;

	@Autowired
	AttemptRecorder attempts;

	WebTestClient client;

	@BeforeEach
	void forgetEarlierAttempts() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(10))
			.build();
		this.attempts.forget();
	}

	@Test
	void shouldFailNoGetWhenAMemberIsKilledMidTest() {
		List<HttpStatus> statuses = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			if (i == 10) {
				FAILING.stop();
			}
			statuses.add(send(HttpMethod.GET, "/hello?n=" + i, null));
		}

		assertThat(statuses).containsOnly(HttpStatus.OK);
		List<String> afterKill = IntStream.range(10, 20).mapToObj((i) -> "/hello?n=" + i).toList();
		assertThat(FAILING.uris()).isNotEmpty().doesNotContainAnyElementsOf(afterKill);
		assertThat(HEALTHY.uris()).containsAll(afterKill).doesNotHaveDuplicates();
		// Half of them met the dead member first: the retry is what served them.
		assertThat(afterKill.stream().filter((uri) -> this.attempts.membersTried(uri).size() == 2)).isNotEmpty();
	}

	@Test
	void shouldNotReplayAPostThatReachedAMemberWhichThenDroppedTheConnection() {
		FAILING.dropConnections();

		Map<String, HttpStatus> statuses = sendEach(HttpMethod.POST, bodies("post", 6, 100));

		assertThat(statuses).containsOnlyKeys(bodies("post", 6, 100));
		assertThat(statuses.values()).containsOnly(HttpStatus.OK, HttpStatus.BAD_GATEWAY);
		assertThat(FAILING.bodies()).isNotEmpty()
			.containsExactlyInAnyOrderElementsOf(withStatus(statuses, HttpStatus.BAD_GATEWAY));
		assertThat(HEALTHY.bodies()).containsExactlyInAnyOrderElementsOf(withStatus(statuses, HttpStatus.OK))
			.doesNotContainAnyElementsOf(FAILING.bodies());
	}

	@Test
	void shouldSendAPostToTheOtherMemberWhenItsMemberRefusesTheConnection() {
		FAILING.stop();
		List<String> bodies = bodies("grüße", 6, 10 * 1024);

		Map<String, HttpStatus> statuses = sendEach(HttpMethod.POST, bodies);

		assertThat(statuses.values()).containsOnly(HttpStatus.OK);
		assertThat(HEALTHY.bodies()).containsExactlyInAnyOrderElementsOf(bodies);
		assertThat(this.attempts.completions("/session")).filteredOn((c) -> c.member().equals("was2"))
			.isNotEmpty()
			.allSatisfy((c) -> assertThat(c.error()).hasRootCauseInstanceOf(ConnectException.class));
	}

	@Test
	void shouldReplayAPutWithItsIdenticalBodyWhenItsMemberDropsTheConnection() {
		FAILING.dropConnections();
		List<String> bodies = bodies("put-ä", 6, 8 * 1024);

		Map<String, HttpStatus> statuses = sendEach(HttpMethod.PUT, bodies);

		assertThat(statuses.values()).containsOnly(HttpStatus.OK);
		assertThat(FAILING.bodies()).isNotEmpty();
		assertThat(HEALTHY.bodies()).containsExactlyInAnyOrderElementsOf(bodies).containsAll(FAILING.bodies());
	}

	@Test
	void shouldNotReplayAPutWhoseBodyIsTooLargeToBuffer() {
		FAILING.dropConnections();
		List<String> bodies = bodies("big-put", 6, 32 * 1024);

		Map<String, HttpStatus> statuses = sendEach(HttpMethod.PUT, bodies);

		assertThat(statuses.values()).containsOnly(HttpStatus.OK, HttpStatus.BAD_GATEWAY);
		assertThat(FAILING.bodies()).isNotEmpty()
			.containsExactlyInAnyOrderElementsOf(withStatus(statuses, HttpStatus.BAD_GATEWAY));
		assertThat(HEALTHY.bodies()).containsExactlyInAnyOrderElementsOf(withStatus(statuses, HttpStatus.OK))
			.doesNotContainAnyElementsOf(FAILING.bodies());
	}

	@Test
	void shouldCostAGetNoMoreThanTheResponseTimeoutWhenAMemberNeverAnswers() {
		// Connections and code paths warmed up, so only the failover is timed.
		send(HttpMethod.GET, "/warm-up", null);
		send(HttpMethod.GET, "/warm-up", null);
		MEMBERS.forget();
		FAILING.hang();

		for (int i = 0; i < 4; i++) {
			long start = System.nanoTime();
			String servedBy = this.client.get()
				.uri("/hello?n=" + i)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			Duration took = Duration.ofNanos(System.nanoTime() - start);

			assertThat(servedBy).isEqualTo("was1");
			// The timeout plus a generous margin for the retry on a busy build machine.
			assertThat(took).as("request %d", i).isLessThan(Duration.ofMillis(RESPONSE_TIMEOUT_MILLIS + 2000));
		}

		assertThat(FAILING.uris()).isNotEmpty();
		assertThat(HEALTHY.uris()).hasSize(4).containsAll(FAILING.uris());
	}

	@Test
	void shouldReportEveryAttemptToTheLoadBalancerLifecycle() {
		FAILING.stop();

		for (int i = 0; i < 4; i++) {
			send(HttpMethod.GET, "/hello?n=" + i, null);
		}

		List<String> uris = IntStream.range(0, 4).mapToObj((i) -> "/hello?n=" + i).toList();
		assertThat(uris).allSatisfy((uri) -> {
			List<AttemptRecorder.Completion> completions = this.attempts.completions(uri);
			assertThat(completions).hasSize(this.attempts.membersTried(uri).size());
			assertThat(completions.get(completions.size() - 1).status()).isEqualTo(CompletionContext.Status.SUCCESS);
			assertThat(completions.subList(0, completions.size() - 1))
				.allSatisfy((c) -> assertThat(c.status()).isEqualTo(CompletionContext.Status.FAILED));
		});
		assertThat(uris.stream().map(this.attempts::membersTried)).contains(List.of("was2", "was1"));
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
		assertThat(this.attempts.membersTried("/hello")).containsExactlyInAnyOrder("was1", "was2");
	}

	private HttpStatus send(HttpMethod method, String uri, String body) {
		WebTestClient.RequestBodySpec request = this.client.method(method).uri(uri);
		WebTestClient.RequestHeadersSpec<?> ready = (body != null)
				? request.contentType(MediaType.TEXT_PLAIN).bodyValue(body) : request;
		return HttpStatus.valueOf(ready.exchange().returnResult(String.class).getStatus().value());
	}

	/** Send each body to {@code /session}, one request after the other. */
	private Map<String, HttpStatus> sendEach(HttpMethod method, List<String> bodies) {
		return bodies.stream()
			.collect(Collectors.toMap((body) -> body, (body) -> send(method, "/session", body), (a, b) -> a,
					java.util.LinkedHashMap::new));
	}

	/** Distinct bodies of about the given size, each starting with its own number. */
	private static List<String> bodies(String text, int count, int size) {
		return IntStream.range(0, count)
			.mapToObj((i) -> (i + ":" + text + "-").repeat(size / (text.length() + 3) + 1).substring(0, size))
			.toList();
	}

	private static List<String> withStatus(Map<String, HttpStatus> statuses, HttpStatus status) {
		return statuses.entrySet().stream().filter((e) -> e.getValue() == status).map(Map.Entry::getKey).toList();
	}

}
