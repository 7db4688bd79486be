package dev.tandem.gateway.balancing;

import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.member.Members;

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
	ReactorServiceInstanceLoadBalancer coreLoadBalancer(Balancer balancer, Members members) {
		CoreLoadBalancer loadBalancer = new CoreLoadBalancer(balancer, BalancingConfiguration.SERVICE_ID, members);
		members.subscribe(loadBalancer);
		return loadBalancer;
	}

}
