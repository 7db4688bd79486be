package dev.tandem.gateway.balancing;

import dev.tandem.gateway.member.Members;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.gateway.config.GatewayLoadBalancerProperties;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tandem's load-balancer filter in Spring Cloud Gateway's chain, which then does not
 * create its own, and the per-member meters it records.
 */
@Configuration(proxyBeanMethods = false)
class MemberRoutingConfiguration {

	@Bean
	LoadBalancerMeters loadBalancerMeters(MeterRegistry registry, Members members) {
		LoadBalancerMeters meters = new LoadBalancerMeters(registry);
		members.subscribe(meters);
		return meters;
	}

	@Bean
	ReactiveLoadBalancerClientFilter memberRoutingFilter(LoadBalancerClientFactory clientFactory,
			GatewayLoadBalancerProperties properties, LoadBalancerMeters meters) {
		return new MemberRoutingFilter(clientFactory, properties, meters);
	}

}
