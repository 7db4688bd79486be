package dev.tandem.gateway.routing;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import dev.tandem.gateway.balancing.BalancingConfiguration;
import dev.tandem.gateway.balancing.MemberProperties;

import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory.RetryConfig;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;

/**
 * The gateway's routes and the filters around them, all fixed in code: no route,
 * predicate or expression is ever read from configuration or requests. Every public path
 * goes to the members' load-balanced service; bodiless GETs and HEADs are retried on
 * another member when one cannot be reached, everything else is streamed once.
 */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

	/** Bodiless GET and HEAD: safe to send again, and nothing to buffer for it. */
	static final String RETRYABLE_ROUTE_ID = "members-retryable";

	/** Everything else, streamed to one member without retry. */
	static final String STREAMED_ROUTE_ID = "members";

	@Bean
	RouteLocator memberRoutes(RouteLocatorBuilder routes, MemberProperties members) {
		// One retry per other serving member, so a single dead member never fails a GET.
		int retries = Math.max(1, members.lowestTier().size() - 1);
		return routes.routes()
			.route(RETRYABLE_ROUTE_ID,
					(route) -> route.order(0)
						.method(HttpMethod.GET, HttpMethod.HEAD)
						.and()
						.predicate(RoutingConfiguration::hasNoBody)
						.filters((filters) -> filters.retry((retry) -> retryOnConnectionFailure(retry, retries)))
						.uri(BalancingConfiguration.SERVICE_URI))
			// Retry makes Spring Cloud Gateway buffer every request body of its route
			// in memory (AdaptCachedBodyGlobalFilter), so bodies take this route.
			.route(STREAMED_ROUTE_ID, (route) -> route.order(1).alwaysTrue().uri(BalancingConfiguration.SERVICE_URI))
			.build();
	}

	private static void retryOnConnectionFailure(RetryConfig retry, int retries) {
		// IOException covers refused and timed-out connects and Reactor Netty's
		// PrematureCloseException; TimeoutException is the cause of the response-timeout
		// 504. No status-based retries and no backoff: the next member is asked at once.
		retry.setRetries(retries)
			.setMethods(HttpMethod.GET, HttpMethod.HEAD)
			.setSeries()
			.setStatuses()
			.setExceptions(IOException.class, TimeoutException.class);
	}

	private static boolean hasNoBody(ServerWebExchange exchange) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		return headers.getContentLength() <= 0 && !headers.containsKey(HttpHeaders.TRANSFER_ENCODING);
	}

	@Bean
	ActuatorPathGuard actuatorPathGuard(ApplicationContext context) {
		return new ActuatorPathGuard(context);
	}

	@Bean
	BadGatewayOnMemberFailureFilter badGatewayOnMemberFailureFilter() {
		return new BadGatewayOnMemberFailureFilter();
	}

	/**
	 * Drops every client-supplied {@code X-Forwarded-*} header before Spring Cloud
	 * Gateway's {@code XForwardedHeadersFilter} writes its own (it runs later, see
	 * {@code x-forwarded.order} in application.yml). Gateway only registers this filter
	 * itself when no trusted proxies are configured, in which case it writes nothing.
	 */
	@Bean
	RemoveXForwardedHeadersFilter clientXForwardedHeadersRemover() {
		return new RemoveXForwardedHeadersFilter();
	}

}
