package dev.tandem.gateway.balancing;

import dev.tandem.gateway.member.Member;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

/**
 * A member as a Spring Cloud LoadBalancer service instance whose instance id is the
 * member id (metrics, failover and affinity name members by it). No discovery client,
 * supplier or cache is involved: the member model says which members exist, and the
 * balancer core, not SCLB, decides which one is usable.
 */
final class MemberInstances {

	private MemberInstances() {
	}

	static ServiceInstance of(String serviceId, Member member) {
		return new DefaultServiceInstance(member.id(), serviceId, member.host(), member.port(), member.secure());
	}

}
