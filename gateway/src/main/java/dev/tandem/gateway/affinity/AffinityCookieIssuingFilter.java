package dev.tandem.gateway.affinity;

import java.util.Optional;

import dev.tandem.gateway.GatewayPipeline;
import dev.tandem.gateway.balancing.BalancingAttributes;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * Pins the client to the member that answered it: just before the response is committed,
 * sets the gateway's affinity cookie ({@code Path=/; HttpOnly; SameSite=Lax}, plus
 * {@code Secure} over TLS, session lifetime; one cookie per group of members) whenever
 * the client's own cookie is missing or names another member, which re-pins a client
 * after failover and replaces a forged or stale value. Only a member that answered
 * counts: a request that ends in the gateway's own 502, 503 or 504 gets no cookie, and
 * when retries try several members only the last one that answered is named, in a single
 * cookie.
 */
class AffinityCookieIssuingFilter implements GlobalFilter, Ordered {

	/**
	 * The member whose answer is being returned; cleared at the start of each attempt.
	 */
	static final String SERVED_MEMBER_ATTR = AffinityCookieIssuingFilter.class.getName() + ".servedMember";

	private static final String CALLBACK_REGISTERED_ATTR = AffinityCookieIssuingFilter.class.getName()
			+ ".callbackRegistered";

	private final AffinityCookieCodec codec;

	private final StickyRouteResolver resolver;

	AffinityCookieIssuingFilter(AffinityCookieCodec codec, StickyRouteResolver resolver) {
		this.codec = codec;
		this.resolver = resolver;
	}

	@Override
	public int getOrder() {
		return GatewayPipeline.AFFINITY_COOKIE_ISSUING;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		exchange.getAttributes().remove(SERVED_MEMBER_ATTR);
		// Retries run this filter again; one callback reads the final outcome at commit.
		if (exchange.getAttributes().putIfAbsent(CALLBACK_REGISTERED_ATTR, Boolean.TRUE) == null) {
			ServerHttpRequest request = exchange.getRequest();
			exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> pin(exchange, request)));
		}
		// The rest of the chain completes without error only when a member answered.
		return chain.filter(exchange)
			.then(Mono.fromRunnable(() -> chosenMember(exchange)
				.ifPresent((member) -> exchange.getAttributes().put(SERVED_MEMBER_ATTR, member))));
	}

	private static Optional<String> chosenMember(ServerWebExchange exchange) {
		Response<ServiceInstance> response = exchange
			.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
		if (response == null || !response.hasServer()) {
			return Optional.empty();
		}
		return Optional.ofNullable(response.getServer().getInstanceId());
	}

	private void pin(ServerWebExchange exchange, ServerHttpRequest request) {
		String served = exchange.getAttribute(SERVED_MEMBER_ATTR);
		String group = exchange.getAttribute(BalancingAttributes.GROUP);
		if (served == null
				|| this.resolver.ownCookieMember(request.getCookies(), group).filter(served::equals).isPresent()) {
			return;
		}
		this.codec.encode(served)
			.ifPresent((token) -> exchange.getResponse()
				.addCookie(ResponseCookie.from(this.resolver.cookieName(group), token)
					.path("/")
					.httpOnly(true)
					.sameSite("Lax")
					.secure(isSecure(request))
					.build()));
	}

	private static boolean isSecure(ServerHttpRequest request) {
		return request.getSslInfo() != null || "https".equalsIgnoreCase(request.getURI().getScheme());
	}

}
