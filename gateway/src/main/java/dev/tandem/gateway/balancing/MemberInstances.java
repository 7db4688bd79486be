package dev.tandem.gateway.balancing;

import java.util.List;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

/**
 * The configured members as Spring Cloud LoadBalancer service instances, one per member,
 * whose instance id is the member id (metrics, failover and affinity name members by it).
 * The list is fixed at start-up: no discovery client, supplier or cache is involved,
 * because the balancer core, not SCLB, decides which member is usable.
 */
final class MemberInstances {

	private MemberInstances() {
	}

	static List<ServiceInstance> of(String serviceId, MemberProperties properties) {
		return properties.members()
			.stream()
			.map((member) -> (ServiceInstance) new DefaultServiceInstance(member.id(), serviceId,
					member.baseUri().getHost(), member.port(), member.secure()))
			.toList();
	}

}
