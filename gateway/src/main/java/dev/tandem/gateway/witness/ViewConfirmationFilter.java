package dev.tandem.gateway.witness;

import dev.tandem.gateway.GatewayPipeline;
import dev.tandem.shared.TandemHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Passes a member's answer on only when the cluster view it was written in won: the
 * member names that view in {@code X-Tandem-View}, read after its session write. The
 * usual answer names the winning view and goes on at once. One written just after the
 * member's view changed (its peers were declared gone) waits while the witness probes
 * every node, and is refused if that view does not win, so a write the losing side
 * accepted is never acknowledged: the attempt fails like a connection broken after the
 * request was sent, and failover sends a request that may be sent again to another
 * member. The header never reaches the client.
 */
final class ViewConfirmationFilter implements GlobalFilter, Ordered {

	private final WitnessGate gate;

	ViewConfirmationFilter(WitnessGate gate) {
		this.gate = gate;
	}

	@Override
	public int getOrder() {
		return GatewayPipeline.VIEW_CONFIRMATION;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return chain.filter(exchange).then(Mono.defer(() -> check(exchange)));
	}

	private Mono<Void> check(ServerWebExchange exchange) {
		HttpHeaders headers = exchange.getResponse().getHeaders();
		String view = headers.getFirst(TandemHeaders.VIEW);
		if (view == null) {
			return Mono.empty();
		}
		headers.remove(TandemHeaders.VIEW);
		if (this.gate.safeToPassOn(view)) {
			return Mono.empty();
		}
		String memberId = answeringMember(exchange);
		if (memberId == null) {
			return Mono.empty();
		}
		return this.gate.confirm(memberId, view)
			.flatMap((confirmed) -> confirmed ? Mono.<Void>empty() : refuse(exchange, memberId));
	}

	private static Mono<Void> refuse(ServerWebExchange exchange, String memberId) {
		// The member's body is never read: close its connection rather than return it to
		// the pool with an answer still in it.
		Connection connection = exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR);
		exchange.getAttributes().remove(ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR);
		if (connection != null) {
			connection.dispose();
		}
		return Mono.error(new UnconfirmedViewException(memberId));
	}

	private static String answeringMember(ServerWebExchange exchange) {
		Response<ServiceInstance> chosen = exchange
			.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
		return (chosen != null && chosen.hasServer()) ? chosen.getServer().getInstanceId() : null;
	}

}
