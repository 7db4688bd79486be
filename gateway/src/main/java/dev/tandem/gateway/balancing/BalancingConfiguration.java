package dev.tandem.gateway.balancing;

import java.net.URI;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClient;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the members as the one Spring Cloud LoadBalancer service the gateway routes
 * to. Routing only knows {@link #SERVICE_URI}; which member serves a request is decided
 * here, behind SCLB's {@code ReactorServiceInstanceLoadBalancer} seam.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MemberProperties.class)
// Wrapped in @LoadBalancerClients: a bare @LoadBalancerClient's String 'value' would
// also become this class's bean name by Spring's stereotype naming convention.
@LoadBalancerClients(@LoadBalancerClient(name = BalancingConfiguration.SERVICE_ID,
		configuration = MemberLoadBalancerConfiguration.class))
public class BalancingConfiguration {

	/** The fixed, internal service id of the members; never taken from user input. */
	static final String SERVICE_ID = "tandem";

	/** Where routes send requests: SCG's load-balancer filter resolves it to a member. */
	public static final URI SERVICE_URI = URI.create("lb://" + SERVICE_ID);

}
