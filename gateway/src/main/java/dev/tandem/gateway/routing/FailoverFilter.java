package dev.tandem.gateway.routing;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

import dev.tandem.gateway.GatewayPipeline;
import dev.tandem.gateway.balancing.AttemptFailure;
import dev.tandem.gateway.balancing.BalancingAttributes;
import dev.tandem.gateway.member.Members;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;

/**
 * Fails a request over to another member within the same client request: the part of the
 * chain that resolves {@code lb://}, picks a member and proxies is run again after an
 * attempt fails, as Spring Cloud Gateway's own retry filter does, whenever the
 * {@link FailoverPolicy} allows. Member answers of any status are passed through, never
 * retried. The ids of the members tried so far are kept in
 * {@link BalancingAttributes#TRIED_MEMBERS} for the balancer, which never offers one of
 * them again; once no attempt is left the last error goes on, with one WARN naming every
 * member tried.
 */
final class FailoverFilter implements GatewayFilter, Ordered {

	private static final Log logger = LogFactory.getLog(FailoverFilter.class);

	private final RetryProperties properties;

	private final Members members;

	private final DataSize maxBodySize;

	FailoverFilter(RetryProperties properties, Members members, DataSize maxBodySize) {
		this.properties = properties;
		this.members = members;
		this.maxBodySize = maxBodySize;
	}

	@Override
	public int getOrder() {
		return GatewayPipeline.FAILOVER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return ReplayableBody.prepare(exchange, this.maxBodySize,
				(prepared, body) -> attempt(prepared, chain, body, 1));
	}

	private Mono<Void> attempt(ServerWebExchange exchange, GatewayFilterChain chain, ReplayableBody body, int attempt) {
		// Only the balancer of this attempt may name the member that failed it.
		exchange.getAttributes().remove(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
		return chain.filter(exchange).onErrorResume((error) -> {
			Set<String> tried = recordTriedMember(exchange);
			AttemptFailure failure = AttemptFailure.classify(error);
			FailoverPolicy.Verdict verdict = exchange.getResponse().isCommitted()
					? FailoverPolicy.Verdict.NOT_A_MEMBER_FAILURE
					: policy().judge(failure, exchange.getRequest().getMethod(), body.canBeSentAgain(), attempt);
			if (verdict == FailoverPolicy.Verdict.TRY_ANOTHER_MEMBER) {
				if (logger.isDebugEnabled()) {
					logger.debug(describe(exchange, attempt, tried, verdict, error));
				}
				ServerWebExchangeUtils.reset(exchange);
				return attempt(exchange, chain, body, attempt + 1);
			}
			if (failure != AttemptFailure.NOT_A_MEMBER_FAILURE && logger.isWarnEnabled()) {
				logger.warn(describe(exchange, attempt, tried, verdict, error));
			}
			return Mono.error(error);
		});
	}

	// Only after a failure: the attempt cap follows the number of members now.
	private FailoverPolicy policy() {
		return FailoverPolicy.of(this.properties, this.members.current().size());
	}

	private static Set<String> recordTriedMember(ServerWebExchange exchange) {
		Set<String> tried = exchange.getAttributeOrDefault(BalancingAttributes.TRIED_MEMBERS, Set.of());
		Response<ServiceInstance> chosen = exchange
			.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
		if (chosen == null || !chosen.hasServer()) {
			return tried;
		}
		// A fresh unmodifiable set each time: whoever read the previous one keeps a
		// consistent snapshot.
		Set<String> updated = new LinkedHashSet<>(tried);
		updated.add(chosen.getServer().getInstanceId());
		Set<String> snapshot = Collections.unmodifiableSet(updated);
		exchange.getAttributes().put(BalancingAttributes.TRIED_MEMBERS, snapshot);
		return snapshot;
	}

	// The path only: a query string may carry tokens that do not belong in a log.
	private static String describe(ServerWebExchange exchange, int attempts, Set<String> tried,
			FailoverPolicy.Verdict verdict, Throwable error) {
		return exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath().value() + " failed after "
				+ attempts + ((attempts == 1) ? " attempt" : " attempts") + " on members " + tried + " ("
				+ verdict.reason() + "): " + error;
	}

}
