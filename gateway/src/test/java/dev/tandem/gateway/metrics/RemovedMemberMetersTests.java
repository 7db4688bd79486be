package dev.tandem.gateway.metrics;

import java.util.List;

import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.MembershipChange;
import dev.tandem.gateway.member.Membership;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RemovedMemberMetersTests {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void shouldRemoveOnlyTheMetersOfRemovedMembers() {
		Member was1 = Member.of("was1", "http://127.0.0.1:8081");
		Member was2 = Member.of("was2", "http://127.0.0.1:8082");
		for (String id : List.of("was1", "was2")) {
			this.registry.timer("loadbalancer.requests.success", "serviceInstance.instanceId", id, "status", "200");
			this.registry.gauge("loadbalancer.requests.active",
					List.of(io.micrometer.core.instrument.Tag.of("serviceInstance.instanceId", id)), 0);
		}
		this.registry.counter("http.server.requests", "serviceInstance.instanceId", "was2");

		new RemovedMemberMeters(this.registry)
			.membershipChanged(new MembershipChange(Membership.of(List.of(was1, was2)), Membership.of(List.of(was1))));

		assertThat(this.registry.getMeters()).extracting(RemovedMemberMetersTests::describe)
			.containsExactlyInAnyOrder("loadbalancer.requests.success was1", "loadbalancer.requests.active was1",
					"http.server.requests was2");
	}

	private static String describe(Meter meter) {
		return meter.getId().getName() + " " + meter.getId().getTag("serviceInstance.instanceId");
	}

}
