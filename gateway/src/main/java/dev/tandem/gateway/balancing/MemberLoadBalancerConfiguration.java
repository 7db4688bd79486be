package dev.tandem.gateway.balancing;

import dev.tandem.gateway.balancing.core.Balancer;

import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.context.annotation.Bean;

/**
 * Beans of the load-balancer child context that Spring Cloud LoadBalancer creates for the
 * members' service id; the {@link Balancer} itself lives in the main context, where
 * health checks and accounting reach it. Deliberately not a {@code @Configuration}:
 * component scanning must not pick it up into the main context, where these beans would
 * leak into every client.
 */
class MemberLoadBalancerConfiguration {

	@Bean
	ReactorServiceInstanceLoadBalancer coreLoadBalancer(Balancer balancer, MemberProperties members) {
		return new CoreLoadBalancer(balancer, MemberInstances.of(BalancingConfiguration.SERVICE_ID, members));
	}

}
