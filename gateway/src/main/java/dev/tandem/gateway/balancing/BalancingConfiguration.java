package dev.tandem.gateway.balancing;

import java.net.URI;
import java.util.concurrent.ThreadLocalRandom;

import dev.tandem.gateway.affinity.AffinityProperties;
import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.balancing.core.BalancingPolicy;
import dev.tandem.gateway.balancing.core.MemberSpec;
import dev.tandem.gateway.health.MemberHealthListener;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClient;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the members as the one Spring Cloud LoadBalancer service the gateway routes
 * to, and assembles the balancer core behind it: the members and policy from
 * configuration, health verdicts from the active checks, per-attempt outcomes from
 * {@link MemberAccountingFilter}. Routing only knows {@link #SERVICE_URI}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ MemberProperties.class, BalancingProperties.class, EjectionProperties.class })
// Wrapped in @LoadBalancerClients: a bare @LoadBalancerClient's String 'value' would
// also become this class's bean name by Spring's stereotype naming convention.
@LoadBalancerClients(@LoadBalancerClient(name = BalancingConfiguration.SERVICE_ID,
		configuration = MemberLoadBalancerConfiguration.class))
public class BalancingConfiguration {

	/** The fixed, internal service id of the members; never taken from user input. */
	static final String SERVICE_ID = "tandem";

	/** Where routes send requests: SCG's load-balancer filter resolves it to a member. */
	public static final URI SERVICE_URI = URI.create("lb://" + SERVICE_ID);

	@Bean
	Balancer balancer(MemberProperties members, BalancingProperties balancing, EjectionProperties ejection,
			AffinityProperties affinity) {
		BalancingPolicy policy = new BalancingPolicy(balancing.strategy(), balancing.panic(), balancing.slowStart(),
				affinity.strict(), ejection.consecutiveFailures(), ejection.duration());
		return new Balancer(members.members().stream().map(BalancingConfiguration::spec).toList(), policy,
				System::nanoTime, BalancingConfiguration::randomLong, new MemberTransitionLog());
	}

	// Each calling thread draws from its own ThreadLocalRandom: no contention on the hot
	// path, and no thread ever uses another thread's seed.
	private static long randomLong() {
		return ThreadLocalRandom.current().nextLong();
	}

	private static MemberSpec spec(MemberProperties.Member member) {
		return new MemberSpec(member.id(), member.weight(), member.tier());
	}

	@Bean
	MemberHealthListener balancerHealthListener(Balancer balancer) {
		return balancer::healthChanged;
	}

	@Bean
	BalancerHealthIndicator balancerHealthIndicator(Balancer balancer) {
		return new BalancerHealthIndicator(balancer);
	}

	@Bean
	MemberAccountingFilter memberAccountingFilter(Balancer balancer, EjectionProperties ejection) {
		return new MemberAccountingFilter(balancer, ejection.statuses());
	}

}
