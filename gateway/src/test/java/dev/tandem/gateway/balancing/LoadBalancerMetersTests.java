package dev.tandem.gateway.balancing;

import java.net.ConnectException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.MembershipChange;
import dev.tandem.gateway.member.Membership;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code loadbalancer.requests.*} meters keep Spring Cloud LoadBalancer's names and
 * tags, count what was recorded, and start again for a member that left.
 */
class LoadBalancerMetersTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final LoadBalancerMeters meters = new LoadBalancerMeters(this.registry);

	private final Member was1 = Member.of("was1", "http://127.0.0.1:8081");

	private final ServiceInstance instance = MemberInstances.of(BalancingConfiguration.SERVICE_ID, this.was1);

	@Test
	void shouldRecordWithSpringCloudLoadBalancersNamesAndTags() {
		MemberMeters member = this.meters.of(this.instance);
		member.started();
		member.succeeded(HttpMethod.GET, 200, TimeUnit.MILLISECONDS.toNanos(3));
		member.ended();
		member.started();
		member.succeeded(HttpMethod.GET, 200, TimeUnit.MILLISECONDS.toNanos(5));
		member.ended();
		member.started();
		member.failed(HttpMethod.POST, new ConnectException("refused"), TimeUnit.MILLISECONDS.toNanos(1));
		member.ended();
		this.meters.discarded(HttpMethod.GET);

		Meter success = this.registry.get("loadbalancer.requests.success").timer();
		assertThat(success.getId().getTags()).containsExactlyInAnyOrder(Tag.of("serviceId", "tandem"),
				Tag.of("serviceInstance.instanceId", "was1"), Tag.of("serviceInstance.host", "127.0.0.1"),
				Tag.of("serviceInstance.port", "8081"), Tag.of("method", "GET"), Tag.of("uri", "UNKNOWN"),
				Tag.of("outcome", "SUCCESS"), Tag.of("status", "200"));
		assertThat(this.registry.get("loadbalancer.requests.success").timer().count()).isEqualTo(2);
		assertThat(
				this.registry.get("loadbalancer.requests.failed").tag("exception", "ConnectException").timer().count())
			.isEqualTo(1);
		assertThat(this.registry.get("loadbalancer.requests.active")
			.tag("serviceInstance.instanceId", "was1")
			.gauge()
			.value()).isZero();
		assertThat(this.registry.get("loadbalancer.requests.discard").tag("method", "GET").counter().count())
			.isEqualTo(1);
	}

	@Test
	void shouldCountAttemptsInFlightAndGiveARemovedMemberNewMetersWhenItReturns() {
		MemberMeters before = this.meters.of(this.instance);
		before.started();
		assertThat(this.registry.get("loadbalancer.requests.active").gauge().value()).isEqualTo(1);

		Membership with = Membership.of(List.of(this.was1));
		this.meters.membershipChanged(new MembershipChange(with, Membership.of(List.of())));

		assertThat(this.meters.of(this.instance)).isNotSameAs(before);
		this.meters.membershipChanged(new MembershipChange(Membership.of(List.of()), with));
		MemberMeters kept = this.meters.of(this.instance);
		this.meters.membershipChanged(new MembershipChange(with, with));
		assertThat(this.meters.of(this.instance)).isSameAs(kept);
	}

	@Test
	void shouldSendTheClientsRawPathAndQueryToTheMemberInTheMembersScheme() {
		ServiceInstance secure = MemberInstances.of("tandem", Member.of("was2", "https://[::1]:8443"));

		assertThat(MemberRoutingFilter.memberUrl(this.instance, URI.create("https://gw/a%20b/c?x=1&y=%2F")))
			.hasToString("http://127.0.0.1:8081/a%20b/c?x=1&y=%2F");
		assertThat(MemberRoutingFilter.memberUrl(secure, URI.create("http://gw/"))).hasToString("https://[::1]:8443/");
	}

}
