package dev.tandem.gateway;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.ApplicationContext;
import org.springframework.core.DecoratingProxy;
import org.springframework.core.Ordered;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request pipeline as the framework runs it: the web filters in the order Spring
 * WebFlux sorts them, which are Tandem's web stages run as one, then the route's gateway
 * filters in the order Spring Cloud Gateway combines and sorts them, each named by class
 * and order. Every filter and stage of Tandem's has an order of its own, from
 * {@link GatewayPipeline}. The access log and HSTS are on here, so their stages are in
 * the sequence too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK,
		properties = { "tandem.gateway.members[0].id=was1", "tandem.gateway.members[0].uri=http://127.0.0.1:9",
				"tandem.gateway.health.enabled=false", "management.server.port=-1",
				"tandem.gateway.access-log.enabled=true", "tandem.gateway.tls.hsts=max-age=60",
				"tandem.gateway.access-log.path=target/pipeline-tests/access.log" })
class GatewayPipelineTests {

	@Autowired
	private ApplicationContext context;

	@Autowired
	private FilteringWebHandler gatewayHandler;

	@Autowired
	private RouteLocator routes;

	@Test
	void shouldRunTheWebStagesAsTheOnlyWebFilter() {
		List<String> webFilters = this.context.getBeanProvider(WebFilter.class)
			.orderedStream()
			.map((filter) -> describe(filter.getClass(), filter))
			.toList();

		assertThat(webFilters).containsExactly("-2147483648 GatewayWebStages");
	}

	@Test
	void shouldRunTheWebStagesInPipelineOrder() {
		List<GatewayWebStage> stages = this.context.getBean(GatewayWebStages.class).stages();

		assertThat(stages).extracting((stage) -> describe(stage.getClass(), stage))
			.containsExactly("-2147483648 AccessLogFilter", "-2147483647 ServerRequestMeters", "-2147483646 HstsFilter",
					"-2147483645 ActuatorPathGuard", "-2147483644 ForwardableRequestGuard",
					"-2147483643 RequestBodyLimit", "-2147483642 ChunkedBodyGuard",
					"-2147483641 RequestBodyTimeoutStatus", "-2147483640 PathRoutes");
		assertThat(stages)
			.containsExactlyInAnyOrderElementsOf(this.context.getBeanProvider(GatewayWebStage.class).stream().toList());
		assertDistinctTandemOrders(stages);
	}

	@Test
	void shouldRunTheGatewayFiltersInPipelineOrder() {
		Route route = this.routes.getRoutes().blockFirst();
		List<GatewayFilter> combined = ReflectionTestUtils.invokeMethod(this.gatewayHandler, "getCombinedFilters",
				route);
		List<String> gatewayFilters = new ArrayList<>();
		for (GatewayFilter filter : combined) {
			gatewayFilters.add(describe(type(filter), filter));
		}

		assertThat(gatewayFilters).containsExactly("-2147483648 RemoveCachedBodyFilter",
				"-2147482648 AdaptCachedBodyGlobalFilter", "-2 BadGatewayOnMemberFailureFilter",
				"-1 NettyWriteResponseFilter", "0 ForwardPathFilter", "9999 FailoverFilter",
				"10000 RouteToRequestUrlFilter", "10149 StickyMemberAttributeFilter", "10150 MemberRoutingFilter",
				"10151 LoadBalancerServiceInstanceCookieFilter", "10152 MemberAccountingFilter",
				"10153 AffinityCookieIssuingFilter", "10154 ViewConfirmationFilter",
				"2147483646 WebsocketRoutingFilter", "2147483647 NettyRoutingFilter",
				"2147483647 ForwardRoutingFilter");
		assertDistinctTandemOrders(combined);
	}

	/**
	 * A tie leaves the order to bean registration, which nobody reads: no filter of
	 * Tandem's may share its order with any other filter of the same chain.
	 */
	private static void assertDistinctTandemOrders(List<?> filters) {
		for (Object filter : filters) {
			Class<?> type = (filter instanceof GatewayFilter gatewayFilter) ? type(gatewayFilter) : filter.getClass();
			if (!type.getPackageName().startsWith("dev.tandem.")) {
				continue;
			}
			int order = ((Ordered) filter).getOrder();
			assertThat(filters).as("filters with the order of %s", type.getSimpleName())
				.filteredOn((other) -> other instanceof Ordered ordered && ordered.getOrder() == order)
				.hasSize(1);
		}
	}

	private static Class<?> type(GatewayFilter filter) {
		Object inner = (filter instanceof OrderedGatewayFilter ordered) ? ordered.getDelegate() : filter;
		return (inner instanceof DecoratingProxy proxy) ? proxy.getDecoratedClass() : inner.getClass();
	}

	private static String describe(Class<?> type, Object filter) {
		String order = (filter instanceof Ordered ordered) ? String.valueOf(ordered.getOrder()) : "unordered";
		return order + " " + type.getSimpleName();
	}

}
