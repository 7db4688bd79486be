package dev.tandem.gateway.balancing;

import java.util.Set;

import dev.tandem.gateway.GatewayPipeline;
import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.balancing.core.Outcome;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR;

/**
 * Tells the balancer core how each attempt at a member went: in flight while it runs,
 * then its latency, bytes and outcome, which feed least-busy, latency and traffic
 * balancing and passive ejection. Runs right after the load-balancer filter, once per
 * attempt (failover re-runs it). Unlike Spring Cloud LoadBalancer's lifecycle callbacks,
 * it also sees an attempt end when the client goes away (cancel), so in-flight counts
 * never leak.
 */
final class MemberAccountingFilter implements GlobalFilter, Ordered {

	private final Balancer balancer;

	private final Set<Integer> ejectionStatuses;

	MemberAccountingFilter(Balancer balancer, Set<Integer> ejectionStatuses) {
		this.balancer = balancer;
		this.ejectionStatuses = ejectionStatuses;
	}

	@Override
	public int getOrder() {
		return GatewayPipeline.MEMBER_ACCOUNTING;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Response<ServiceInstance> chosen = exchange.getAttribute(GATEWAY_LOADBALANCER_RESPONSE_ATTR);
		if (chosen == null || !chosen.hasServer()) {
			return chain.filter(exchange);
		}
		String memberId = chosen.getServer().getInstanceId();
		long started = System.nanoTime();
		Attempt attempt = new Attempt();
		this.balancer.requestStarted(memberId);
		return chain.filter(exchange)
			.doOnError((error) -> attempt.error = error)
			.doFinally((signal) -> this.balancer.requestFinished(memberId, System.nanoTime() - started, bytes(exchange),
					outcome(signal, attempt.error, exchange), detail(attempt.error)));
	}

	private Outcome outcome(SignalType signal, Throwable error, ServerWebExchange exchange) {
		if (signal == SignalType.CANCEL) {
			return Outcome.ABANDONED;
		}
		if (error != null) {
			return switch (AttemptFailure.classify(error)) {
				case NEVER_SENT -> Outcome.CONNECT_FAILURE;
				case SENT -> Outcome.FAILURE;
				case NOT_A_MEMBER_FAILURE -> Outcome.ABANDONED;
			};
		}
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		return (status != null && this.ejectionStatuses.contains(status.value())) ? Outcome.FAILED_STATUS
				: Outcome.SUCCESS;
	}

	private static String detail(Throwable error) {
		if (error == null) {
			return null;
		}
		Throwable root = error;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage();
		return root.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	// What the traffic method balances on: the declared sizes of request and answer.
	private static long bytes(ServerWebExchange exchange) {
		return Math.max(0, exchange.getRequest().getHeaders().getContentLength())
				+ Math.max(0, exchange.getResponse().getHeaders().getContentLength());
	}

	/** The error an attempt ended with, if any. */
	private static final class Attempt {

		private Throwable error;

	}

}
