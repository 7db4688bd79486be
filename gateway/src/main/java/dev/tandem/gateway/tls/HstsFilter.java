package dev.tandem.gateway.tls;

import dev.tandem.gateway.GatewayPipeline;
import dev.tandem.gateway.GatewayWebStage;
import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * Adds {@code Strict-Transport-Security} to every answer given over TLS, the gateway's
 * own refusals included, and never to a plain-HTTP one, where browsers ignore it (RFC
 * 6797, 8.1). Set before the request goes on, so a member's own header, if it sends one,
 * comes after the gateway's and browsers read the gateway's.
 */
class HstsFilter implements GatewayWebStage {

	static final String HEADER = "Strict-Transport-Security";

	private final String value;

	HstsFilter(String value) {
		this.value = value;
	}

	@Override
	public int getOrder() {
		return GatewayPipeline.HSTS;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (exchange.getRequest().getSslInfo() != null) {
			exchange.getResponse().getHeaders().set(HEADER, this.value);
		}
		return chain.filter(exchange);
	}

}
