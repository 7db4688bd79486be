package dev.tandem.gateway.balancing;

import dev.tandem.gateway.balancing.core.BalancingPolicy;

/**
 * Lets another feature adjust the balancer's policy before the balancer is built, the way
 * Spring Boot's customizers work: affinity sets strict affinity this way, so balancing
 * never depends on the features that depend on it.
 */
@FunctionalInterface
public interface BalancingPolicyCustomizer {

	/**
	 * Adjust the policy.
	 * @param policy the policy so far
	 * @return the adjusted policy
	 */
	BalancingPolicy customize(BalancingPolicy policy);

}
