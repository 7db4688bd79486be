package dev.tandem.gateway.balancing;

import java.net.ConnectException;
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

	private final MemberAccountingFilter filter = new MemberAccountingFilter(this.balancer, Set.of(503));

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
	void shouldEndAnAttemptOnceWhenTheClientGoesAway() {
		Disposable subscription = this.filter.filter(this.exchange, (exchange) -> Mono.never()).subscribe();
		assertThat(was1().inFlight()).isEqualTo(1);

		subscription.dispose();
		subscription.dispose();

		assertThat(was1().inFlight()).isZero();
		assertThat(was1().ejected()).isFalse();
	}

	private BalancerSnapshot.Member was1() {
		return this.balancer.snapshot().member("was1").orElseThrow();
	}

	private static MockServerWebExchange exchangeChoosing(String memberId) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/session"));
		exchange.getAttributes()
			.put(GATEWAY_LOADBALANCER_RESPONSE_ATTR,
					new DefaultResponse(new DefaultServiceInstance(memberId, "tandem", "127.0.0.1", 8081, false)));
		return exchange;
	}

}
