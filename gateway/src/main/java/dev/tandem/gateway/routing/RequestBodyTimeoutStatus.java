package dev.tandem.gateway.routing;

import dev.tandem.gateway.GatewayPipeline;
import dev.tandem.gateway.GatewayWebStage;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * Answers 408 Request Timeout, not 500, when a client's request body pauses longer than
 * {@code tandem.gateway.request.body-timeout}: the fault is the client's, and Boot's
 * error handler would otherwise report Reactor Netty's {@link ReadTimeoutException} as a
 * server error. Reactor Netty closes the connection right after.
 */
class RequestBodyTimeoutStatus implements GatewayWebStage {

	@Override
	public int getOrder() {
		return GatewayPipeline.REQUEST_BODY_TIMEOUT_STATUS;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return chain.filter(exchange)
			.onErrorMap(RequestBodyTimeoutStatus::isBodyTimeout,
					(ex) -> new ResponseStatusException(HttpStatus.REQUEST_TIMEOUT, null, ex));
	}

	private static boolean isBodyTimeout(Throwable error) {
		for (Throwable cause = error; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof ReadTimeoutException) {
				return true;
			}
		}
		return false;
	}

}
