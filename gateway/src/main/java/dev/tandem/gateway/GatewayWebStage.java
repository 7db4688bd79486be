package dev.tandem.gateway;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * One of Tandem's web filters: a single decision about a request before a route is
 * chosen, at its order from {@link GatewayPipeline}. Not a {@code WebFilter} itself, so
 * Spring does not run each stage on its own: {@link GatewayWebStages}, the one web filter
 * Spring sees, runs them all in their order.
 */
public interface GatewayWebStage extends Ordered {

	/**
	 * Decide about the request: answer it, or pass it (or a mutated exchange) on.
	 * @param exchange the current exchange
	 * @param chain the stages after this one, then the rest of Spring's web filters
	 * @return completion of this stage and those after it
	 */
	Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain);

}
