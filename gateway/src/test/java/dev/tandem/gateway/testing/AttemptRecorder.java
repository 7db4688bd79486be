package dev.tandem.gateway.testing;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tandem.gateway.GatewayPipeline;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * Records each attempt at a member, right after the load-balancer filter chose it, keyed
 * by the client's request URI (path and query), so a test can see which members each
 * request met and how each attempt ended (the rest of the chain completed, or failed with
 * an error). Import it into a gateway test: it joins the global filters.
 */
public class AttemptRecorder implements GlobalFilter, Ordered {

	/** How one attempt ended. */
	public record Completion(String member, CompletionContext.Status status, Throwable error) {

	}

	private final Map<String, List<String>> started = new ConcurrentHashMap<>();

	private final Map<String, List<Completion>> completed = new ConcurrentHashMap<>();

	@Override
	public int getOrder() {
		return GatewayPipeline.MEMBER_ACCOUNTING;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Response<ServiceInstance> chosen = exchange
			.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
		if (chosen == null || !chosen.hasServer()) {
			return chain.filter(exchange);
		}
		String member = chosen.getServer().getInstanceId();
		String key = key(exchange.getRequest().getURI());
		this.started.computeIfAbsent(key, (uri) -> new CopyOnWriteArrayList<>()).add(member);
		return chain.filter(exchange)
			.doOnSuccess((done) -> completed(key, new Completion(member, CompletionContext.Status.SUCCESS, null)))
			.doOnError((error) -> completed(key, new Completion(member, CompletionContext.Status.FAILED, error)));
	}

	private void completed(String key, Completion completion) {
		this.completed.computeIfAbsent(key, (uri) -> new CopyOnWriteArrayList<>()).add(completion);
	}

	/**
	 * The members chosen for the request with this URI, in order.
	 */
	public List<String> membersTried(String uri) {
		return List.copyOf(this.started.getOrDefault(uri, List.of()));
	}

	/**
	 * How each attempt of the request with this URI ended, in order.
	 */
	public List<Completion> completions(String uri) {
		return List.copyOf(this.completed.getOrDefault(uri, List.of()));
	}

	public void forget() {
		this.started.clear();
		this.completed.clear();
	}

	private static String key(URI url) {
		return url.getRawPath() + ((url.getRawQuery() != null) ? "?" + url.getRawQuery() : "");
	}

}
