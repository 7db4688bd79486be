package dev.tandem.gateway.affinity;

import dev.tandem.gateway.balancing.BalancingAttributes;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.http.HttpCookie;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class StickyMemberAttributeFilterTests {

	private static final List<String> MEMBERS = List.of("was1", "was2");

	private final StickyMemberAttributeFilter filter = new StickyMemberAttributeFilter(new StickyRouteResolver(
			new AffinityCookieCodec(MEMBERS, AffinityKey.of(MEMBERS, Optional.empty())), TestMembers.of(MEMBERS),
			new AffinityProperties("TANDEM_ROUTE", List.of("JSESSIONID"), false, null)));

	@Test
	void shouldRunBeforeTheLoadBalancerFilter() {
		assertThat(this.filter.getOrder())
			.isLessThan(ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER);
	}

	@Test
	void shouldHandTheStickyMemberToTheRestOfTheChain() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("/hello").cookie(new HttpCookie("JSESSIONID", "abc.was2")));
		Object[] seen = new Object[1];

		this.filter
			.filter(exchange,
					(next) -> Mono
						.fromRunnable(() -> seen[0] = next.getAttributes().get(BalancingAttributes.STICKY_MEMBER)))
			.block();

		assertThat(seen[0]).isEqualTo("was2");
	}

	@Test
	void shouldLeaveNoAttributeWithoutAValidRoute() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("/hello").cookie(new HttpCookie("JSESSIONID", "abc.was9")));
		exchange.getAttributes().put(BalancingAttributes.STICKY_MEMBER, "was1");

		this.filter.filter(exchange, (next) -> Mono.empty()).block();

		assertThat(exchange.getAttributes()).doesNotContainKey(BalancingAttributes.STICKY_MEMBER);
	}

}
