package dev.tandem.gateway.balancing;

import java.net.URI;

import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.config.GatewayLoadBalancerProperties;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.addOriginalRequestUrl;

/**
 * Takes the place of Spring Cloud Gateway's load-balancer filter, at the same order and
 * with the same outcome for the rest of the chain (the member's address in
 * {@code GATEWAY_REQUEST_URL_ATTR}, the choice in
 * {@code GATEWAY_LOADBALANCER_RESPONSE_ATTR}, 503 when no member may serve), doing only
 * what Tandem needs: the balancer core reads the request's facts straight from the
 * exchange's attributes, and the {@code loadbalancer.requests.*} meters are recorded on
 * meters kept per member. Spring Cloud LoadBalancer's version looks up its lifecycle
 * beans, copies the request's headers and cookies twice and builds every meter's tags
 * again on each request.
 */
final class MemberRoutingFilter extends ReactiveLoadBalancerClientFilter {

	private final LoadBalancerClientFactory clientFactory;

	private final LoadBalancerMeters meters;

	private final boolean use404;

	private volatile CoreLoadBalancer loadBalancer;

	MemberRoutingFilter(LoadBalancerClientFactory clientFactory, GatewayLoadBalancerProperties properties,
			LoadBalancerMeters meters) {
		super(clientFactory, properties);
		this.clientFactory = clientFactory;
		this.meters = meters;
		this.use404 = properties.isUse404();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		URI url = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
		if (url == null || !"lb".equals(url.getScheme())) {
			return chain.filter(exchange);
		}
		addOriginalRequestUrl(exchange, url);
		HttpMethod method = exchange.getRequest().getMethod();
		Response<ServiceInstance> chosen = loadBalancer().choose(exchange.getAttributes());
		if (!chosen.hasServer()) {
			this.meters.discarded(method);
			return Mono.error(NotFoundException.create(this.use404, "Unable to find instance for " + url.getHost()));
		}
		ServiceInstance member = chosen.getServer();
		exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, memberUrl(member, exchange.getRequest().getURI()));
		exchange.getAttributes().put(GATEWAY_LOADBALANCER_RESPONSE_ATTR, chosen);
		MemberMeters memberMeters = this.meters.of(member);
		memberMeters.started();
		long started = System.nanoTime();
		return chain.filter(exchange)
			.doOnSuccess((done) -> memberMeters.succeeded(method, status(exchange), System.nanoTime() - started))
			.doOnError((error) -> memberMeters.failed(method, error, System.nanoTime() - started))
			.doFinally((signal) -> memberMeters.ended());
	}

	/**
	 * The client's path and query on the member, in the member's own scheme (never the
	 * client's: a gateway on HTTPS reaches plain HTTP members over HTTP).
	 */
	static URI memberUrl(ServiceInstance member, URI requested) {
		StringBuilder url = new StringBuilder(64).append(member.isSecure() ? "https://" : "http://")
			.append(member.getHost())
			.append(':')
			.append(member.getPort());
		String path = requested.getRawPath();
		if (path != null) {
			url.append(path);
		}
		String query = requested.getRawQuery();
		if (query != null) {
			url.append('?').append(query);
		}
		return URI.create(url.toString());
	}

	// Read as 200 when unset, as Spring Cloud LoadBalancer does; an int, so nothing is
	// boxed.
	private static int status(ServerWebExchange exchange) {
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		return (status != null) ? status.value() : 200;
	}

	// The balancer lives in the load-balancer context Spring Cloud LoadBalancer builds
	// for
	// the members (at start-up, by eager-load); it is looked up once.
	private CoreLoadBalancer loadBalancer() {
		CoreLoadBalancer loadBalancer = this.loadBalancer;
		if (loadBalancer == null) {
			loadBalancer = (CoreLoadBalancer) this.clientFactory.getInstance(BalancingConfiguration.SERVICE_ID,
					ReactorServiceInstanceLoadBalancer.class);
			this.loadBalancer = loadBalancer;
		}
		return loadBalancer;
	}

}
