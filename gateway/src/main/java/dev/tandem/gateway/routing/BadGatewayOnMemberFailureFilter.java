package dev.tandem.gateway.routing;

import java.io.IOException;
import java.net.URI;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Turns an I/O failure talking to a member (connection refused, connect timeout,
 * connection closed before the answer) into a plain 502 Bad Gateway. Without it Boot's
 * error handler reports such errors as 500, which blames the gateway. It sits outside the
 * route's retry, so it only sees the failure of the last attempt; 503 (no member) and 504
 * (response timeout) from Spring Cloud Gateway pass through unchanged.
 */
class BadGatewayOnMemberFailureFilter implements GlobalFilter, Ordered {

	private static final Log logger = LogFactory.getLog(BadGatewayOnMemberFailureFilter.class);

	@Override
	public int getOrder() {
		// Outside NettyWriteResponseFilter, so its clean-up has run when the error
		// arrives.
		return NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return chain.filter(exchange).onErrorMap(IOException.class, (ex) -> {
			URI member = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
			if (logger.isWarnEnabled()) {
				logger.warn("No member answered " + exchange.getRequest().getMethod() + "; last tried "
						+ ((member != null) ? member.getScheme() + "://" + member.getAuthority() : "none") + ": " + ex);
			}
			return new ResponseStatusException(HttpStatus.BAD_GATEWAY, null, ex);
		});
	}

}
