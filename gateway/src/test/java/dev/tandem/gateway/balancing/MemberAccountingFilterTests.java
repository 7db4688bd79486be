package dev.tandem.gateway.balancing;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;

import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.balancing.core.BalancerSnapshot;
import dev.tandem.gateway.balancing.core.BalancingPolicy;
import dev.tandem.gateway.balancing.core.MemberSpec;
import dev.tandem.gateway.balancing.core.Strategy;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR;

class MemberAccountingFilterTests {

	private final Balancer balancer = new Balancer(List.of(new MemberSpec("was1", 1, 0), new MemberSpec("was2", 1, 0)),
			new BalancingPolicy(Strategy.weightedRoundRobin(), false, Duration.ZERO, false, 1, Duration.ofSeconds(10)),
			System::nanoTime, new Random(42), (transition) -> {
			});

	private final MemberAccountingFilter filter = new MemberAccountingFilter(this.balancer, Set.of(503),
			List.of("JSESSIONID", "SESSION"));

	private final MockServerWebExchange exchange = exchangeChoosing("was1");

	@Test
	void shouldEjectAMemberWhoseAttemptFailed() {
		StepVerifier
			.create(this.filter.filter(this.exchange, (exchange) -> Mono.error(new ConnectException("refused"))))
			.verifyError(ConnectException.class);

		assertThat(was1().ejected()).isTrue();
		assertThat(was1().inFlight()).isZero();
	}

	@Test
	void shouldCountAnAnsweredAttempt() {
		StepVerifier.create(this.filter.filter(this.exchange, (exchange) -> Mono.fromRunnable(() -> {
			assertThat(was1().inFlight()).isEqualTo(1);
			exchange.getResponse().setStatusCode(HttpStatus.OK);
		}))).verifyComplete();

		assertThat(was1().inFlight()).isZero();
		assertThat(was1().ewmaLatencyNanos()).isPresent();
		assertThat(was1().consecutiveFailures()).isZero();
	}

	@Test
	void shouldCountEachAttemptAndNameOnlyTheMemberThatAnswered() {
		StepVerifier
			.create(this.filter.filter(this.exchange, (exchange) -> Mono.error(new ConnectException("refused"))))
			.verifyError(ConnectException.class);
		assertThat(this.exchange.getAttributes()).containsEntry(BalancingAttributes.ATTEMPTS, 1)
			.doesNotContainKeys(BalancingAttributes.ANSWERING_MEMBER, BalancingAttributes.UPSTREAM_NANOS);
		// The failover's second attempt, at was2.
		this.exchange.getAttributes()
			.put(GATEWAY_LOADBALANCER_RESPONSE_ATTR,
					new DefaultResponse(new DefaultServiceInstance("was2", "tandem", "127.0.0.1", 8082, false)));

		pass(this.exchange);

		assertThat(this.exchange.getAttributes()).containsEntry(BalancingAttributes.ATTEMPTS, 2)
			.containsEntry(BalancingAttributes.ANSWERING_MEMBER, "was2");
		assertThat(this.exchange.<Long>getAttribute(BalancingAttributes.UPSTREAM_NANOS)).isNotNull().isPositive();
	}

	@Test
	void shouldEndAnAttemptOnceWhenTheClientGoesAway() {
		Disposable subscription = this.filter.filter(this.exchange, (exchange) -> Mono.never()).subscribe();
		assertThat(was1().inFlight()).isEqualTo(1);

		subscription.dispose();
		subscription.dispose();

		assertThat(was1().inFlight()).isZero();
		assertThat(was1().ejected()).isFalse();
	}

	@Test
	void shouldCountTheClientsOfAStickyMemberOnceEachBySessionCookie() {
		pass(sticky("was1", MockServerHttpRequest.get("/").cookie(new HttpCookie("JSESSIONID", "abc.was1"))));
		pass(sticky("was1", MockServerHttpRequest.get("/").cookie(new HttpCookie("JSESSIONID", "abc.was1"))));
		pass(sticky("was1", MockServerHttpRequest.get("/").cookie(new HttpCookie("SESSION", "def"))));

		assertThat(was1().stickyClients()).isEqualTo(2);
	}

	@Test
	void shouldCountNoStickyClientWhenTheAffinityNamesAnotherMemberOrNone() {
		// A failover: the request's affinity names was2, which failed; was1 serves it.
		MockServerWebExchange failedOver = exchangeChoosing("was1",
				MockServerHttpRequest.get("/").cookie(new HttpCookie("JSESSIONID", "abc.was2")));
		failedOver.getAttributes().put(BalancingAttributes.STICKY_MEMBER, "was2");
		pass(failedOver);
		pass(exchangeChoosing("was1",
				MockServerHttpRequest.get("/").cookie(new HttpCookie("JSESSIONID", "new-client"))));

		assertThat(was1().stickyClients()).isZero();
		assertThat(this.balancer.snapshot().member("was2").orElseThrow().stickyClients()).isZero();
	}

	@Test
	void shouldTellClientsWithoutASessionCookieApartByAddress() {
		pass(sticky("was1", MockServerHttpRequest.get("/").remoteAddress(new InetSocketAddress("10.0.0.1", 40001))));
		pass(sticky("was1", MockServerHttpRequest.get("/").remoteAddress(new InetSocketAddress("10.0.0.1", 40002))));
		pass(sticky("was1", MockServerHttpRequest.get("/").remoteAddress(new InetSocketAddress("10.0.0.2", 40001))));
		pass(sticky("was1",
				MockServerHttpRequest.get("/")
					.remoteAddress(new InetSocketAddress("10.0.0.3", 40001))
					.cookie(new HttpCookie("JSESSIONID", ""))));

		assertThat(was1().stickyClients()).isEqualTo(3);
	}

	@Test
	void shouldKeyAClientByTheFirstConfiguredSessionCookieItCarries() {
		MockServerHttpRequest both = MockServerHttpRequest.get("/")
			.cookie(new HttpCookie("SESSION", "spring"), new HttpCookie("JSESSIONID", "servlet"),
					new HttpCookie("TANDEM_ROUTE", "token"))
			.remoteAddress(new InetSocketAddress("10.0.0.1", 40001))
			.build();
		MockServerHttpRequest spring = MockServerHttpRequest.get("/")
			.cookie(new HttpCookie("SESSION", "spring"))
			.build();

		assertThat(this.filter.clientKey(both)).isEqualTo(MemberAccountingFilter.fnv1a("servlet"));
		assertThat(this.filter.clientKey(spring)).isEqualTo(MemberAccountingFilter.fnv1a("spring"));
		assertThat(MemberAccountingFilter.fnv1a("servlet")).isNotEqualTo(MemberAccountingFilter.fnv1a("servleu"));
	}

	private void pass(MockServerWebExchange exchange) {
		StepVerifier
			.create(this.filter.filter(exchange,
					(served) -> Mono.fromRunnable(() -> served.getResponse().setStatusCode(HttpStatus.OK))))
			.verifyComplete();
	}

	private BalancerSnapshot.Member was1() {
		return this.balancer.snapshot().member("was1").orElseThrow();
	}

	/** A request whose affinity names this member, which the balancer chose. */
	private static MockServerWebExchange sticky(String memberId, MockServerHttpRequest.BaseBuilder<?> request) {
		MockServerWebExchange exchange = exchangeChoosing(memberId, request);
		exchange.getAttributes().put(BalancingAttributes.STICKY_MEMBER, memberId);
		return exchange;
	}

	private static MockServerWebExchange exchangeChoosing(String memberId) {
		return exchangeChoosing(memberId, MockServerHttpRequest.post("/session"));
	}

	private static MockServerWebExchange exchangeChoosing(String memberId,
			MockServerHttpRequest.BaseBuilder<?> request) {
		MockServerWebExchange exchange = MockServerWebExchange.from(request);
		exchange.getAttributes()
			.put(GATEWAY_LOADBALANCER_RESPONSE_ATTR,
					new DefaultResponse(new DefaultServiceInstance(memberId, "tandem", "127.0.0.1", 8081, false)));
		return exchange;
	}

}
