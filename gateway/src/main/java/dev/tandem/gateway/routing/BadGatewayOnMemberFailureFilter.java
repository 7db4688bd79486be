package dev.tandem.gateway.routing;

import dev.tandem.gateway.GatewayPipeline;
import dev.tandem.gateway.balancing.AttemptFailure;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Turns a failure talking to a member (connection refused, connect timeout, connection
 * reset or closed before the answer) into a plain 502 Bad Gateway. Without it Boot's
 * error handler reports such errors as 500, which blames the gateway. It sits outside the
 * {@link FailoverFilter}, so it only sees the failure of the last attempt, which that
 * filter has already logged; 503 (no member) and 504 (response timeout) from Spring Cloud
 * Gateway pass through unchanged.
 */
class BadGatewayOnMemberFailureFilter implements GlobalFilter, Ordered {

	@Override
	public int getOrder() {
		return GatewayPipeline.BAD_GATEWAY_ON_MEMBER_FAILURE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return chain.filter(exchange)
			.onErrorMap(BadGatewayOnMemberFailureFilter::isMemberFailure,
					(ex) -> new ResponseStatusException(HttpStatus.BAD_GATEWAY, null, ex));
	}

	private static boolean isMemberFailure(Throwable error) {
		return !(error instanceof ResponseStatusException)
				&& AttemptFailure.classify(error) != AttemptFailure.NOT_A_MEMBER_FAILURE;
	}

}
