package dev.tandem.gateway.balancing;

import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.annotation.Bean;

/**
 * Beans of the load-balancer child context that Spring Cloud LoadBalancer creates for the
 * members' service id. Deliberately not a {@code @Configuration}: component scanning must
 * not pick it up into the main context, where these beans would leak into every client.
 */
class MemberLoadBalancerConfiguration {

	@Bean
	ServiceInstanceListSupplier memberServiceInstanceListSupplier(MemberProperties members) {
		return new MemberServiceInstanceListSupplier(BalancingConfiguration.SERVICE_ID, members);
	}

	@Bean
	ReactorServiceInstanceLoadBalancer lowestTierRoundRobinLoadBalancer(ServiceInstanceListSupplier supplier) {
		return new LowestTierRoundRobinLoadBalancer(supplier);
	}

}
