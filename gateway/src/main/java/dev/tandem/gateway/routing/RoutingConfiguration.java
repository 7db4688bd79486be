package dev.tandem.gateway.routing;

import dev.tandem.gateway.balancing.BalancingConfiguration;
import dev.tandem.gateway.member.Members;
import dev.tandem.gateway.member.MembersProperties;
import dev.tandem.gateway.proxy.ProxyProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's routes and the filters around them, all fixed in code: no route,
 * predicate or expression is ever read from configuration or requests. Every public path
 * that {@link PathRoutes} lets through (all of them when {@code tandem.gateway.routes} is
 * empty) goes to the members' load-balanced service through one route, whose
 * {@link FailoverFilter} sends a failed request to another member when that is safe; the
 * route sends the client's Host on when {@code tandem.gateway.proxy.preserve-host} is
 * {@code true}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ RetryProperties.class, RequestProperties.class, RouteProperties.class })
class RoutingConfiguration {

	static final String ROUTE_ID = "members";

	@Bean
	RouteLocator memberRoutes(RouteLocatorBuilder routes, FailoverFilter failoverFilter, ProxyProperties proxy) {
		return routes.routes().route(ROUTE_ID, (route) -> route.alwaysTrue().filters((filters) -> {
			filters.filter(failoverFilter);
			if (proxy.preserveHost()) {
				// Spring Cloud Gateway then sends the client's Host instead of the
				// member's.
				filters.preserveHostHeader();
			}
			return filters;
		}).uri(BalancingConfiguration.SERVICE_URI)).build();
	}

	@Bean
	FailoverFilter failoverFilter(RetryProperties failover, Members members) {
		return new FailoverFilter(failover, members, failover.maxBodySize());
	}

	@Bean
	ActuatorPathGuard actuatorPathGuard(ApplicationContext context) {
		return new ActuatorPathGuard(context);
	}

	@Bean
	PathRoutes pathRoutes(ApplicationContext context, RouteProperties routes, MembersProperties members) {
		routes.requireMembersFor(members.membership().groups());
		return new PathRoutes(context, routes.routes().stream().map(PathRoute::new).toList());
	}

	@Bean
	ForwardableRequestGuard forwardableRequestGuard() {
		return new ForwardableRequestGuard();
	}

	@Bean
	RequestBodyLimit requestBodyLimit(RequestProperties limits) {
		return new RequestBodyLimit(limits.maxBodySize());
	}

	@Bean
	ChunkedBodyGuard chunkedBodyGuard() {
		return new ChunkedBodyGuard();
	}

	@Bean
	RequestBodyTimeoutStatus requestBodyTimeoutStatus() {
		return new RequestBodyTimeoutStatus();
	}

	@Bean
	RequestTimeoutsCustomizer requestTimeoutsCustomizer(RequestProperties limits) {
		return new RequestTimeoutsCustomizer(limits.bodyTimeout());
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
