package dev.tandem.gateway.affinity;

import dev.tandem.gateway.GatewayPipeline;
import dev.tandem.gateway.balancing.BalancingAttributes;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * Puts the member a request is sticky to into {@link BalancingAttributes#STICKY_MEMBER}
 * just before Spring Cloud Gateway's load-balancer filter, which hands the exchange
 * attributes to the balancer; only a member of the route's group counts. A request
 * without a valid route leaves the attribute absent, so the balancer makes its normal
 * choice.
 */
class StickyMemberAttributeFilter implements GlobalFilter, Ordered {

	private final StickyRouteResolver resolver;

	StickyMemberAttributeFilter(StickyRouteResolver resolver) {
		this.resolver = resolver;
	}

	@Override
	public int getOrder() {
		return GatewayPipeline.STICKY_MEMBER_ATTRIBUTE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		// Resolved again on each retry attempt: cheap, and it leaves no stale value.
		this.resolver.resolve(exchange.getRequest(), exchange.getAttribute(BalancingAttributes.GROUP))
			.ifPresentOrElse((member) -> exchange.getAttributes().put(BalancingAttributes.STICKY_MEMBER, member),
					() -> exchange.getAttributes().remove(BalancingAttributes.STICKY_MEMBER));
		return chain.filter(exchange);
	}

}
