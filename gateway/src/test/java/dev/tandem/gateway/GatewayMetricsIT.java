package dev.tandem.gateway;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import dev.tandem.gateway.testing.StubMember;
import dev.tandem.gateway.testing.StubMembers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The metrics docs/operations.md promises survive the per-request savings: Spring Cloud
 * LoadBalancer's per-member timers and Boot's request timer are there after proxied
 * requests, while Spring Cloud Gateway's own request timer, its proxied-call observation
 * and its gRPC header filters, which the gateway turns off for their cost, are not.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "tandem.gateway.health.enabled=false" })
class GatewayMetricsIT {

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("was1", "was2");

	static final StubMember WAS1 = MEMBERS.get("was1");

	static final StubMember WAS2 = MEMBERS.get("was2");

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Autowired
	List<GlobalFilter> globalFilters;

	@Autowired
	List<NettyRoutingFilter> routingFilters;

	@Test
	void shouldKeepTheDocumentedPerMemberMetricsAndDropTheDuplicates() {
		WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		for (int i = 0; i < 4; i++) {
			client.get().uri("/hello").exchange().expectStatus().isOk();
		}
		assertThat(WAS1.received().size() + WAS2.received().size()).isEqualTo(4);

		// Recorded once per answer, by Tandem's filter: Spring's own observation of each
		// request is off on the public port. The timer stops when the chain completes,
		// which can be just after the client has read the last answer, so wait for four;
		// a second recording of each would have passed four by then.
		Supplier<Long> served = () -> {
			Timer timer = this.meters.find("http.server.requests")
				.tags("method", "GET", "status", "200", "outcome", "SUCCESS", "uri", "UNKNOWN", "exception", "none",
						"error", "none")
				.timer();
			return (timer != null) ? timer.count() : 0L;
		};
		await().atMost(Duration.ofSeconds(5)).until(() -> served.get() >= 4);
		assertThat(served.get()).isEqualTo(4);
		List<String> names = this.meters.getMeters().stream().map((meter) -> meter.getId().getName()).toList();
		assertThat(names).contains("loadbalancer.requests.success", "loadbalancer.requests.active",
				"http.server.requests");
		assertThat(names).doesNotContain("spring.cloud.gateway.requests", "spring.cloud.gateway.routes.count",
				"http.client.requests");
		assertThat(this.meters.find("loadbalancer.requests.success").timers())
			.extracting((timer) -> timer.getId().getTag("serviceInstance.instanceId"))
			.contains("was1", "was2");
		assertThat(this.globalFilters).extracting((filter) -> filter.getClass().getSimpleName())
			.doesNotContain("GatewayMetricsFilter");
		// What the routing filter applies to each request and answer: Tandem's one-copy
		// filters, none of Spring Cloud Gateway's header copies or observations.
		assertThat(this.routingFilters).singleElement()
			.extracting((filter) -> filter.getHeadersFilters()
				.stream()
				.map((headersFilter) -> headersFilter.getClass().getSimpleName())
				.toList())
			.isEqualTo(List.of("MemberRequestHeaders", "TransferEncodingNormalizationHeadersFilter",
					"ClientResponseHeaders", "ReverseRewriteHeadersFilter"));
	}

}
