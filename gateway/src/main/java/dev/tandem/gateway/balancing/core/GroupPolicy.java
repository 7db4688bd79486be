package dev.tandem.gateway.balancing.core;

/**
 * How a {@link Balancer} chooses for the requests of one group of members (one
 * application), like the {@code lbmethod} and {@code nofailover} of one httpd
 * {@code balancer://}. Resolved once per group when the policy is built; a request
 * carries it in its {@link RequestFacts}, so choosing looks nothing up by name.
 *
 * @param strategy how a member of the group is chosen for a new client
 * @param strictAffinity whether a sticky client of the group whose member may not serve
 * it is refused rather than moved
 */
public record GroupPolicy(Strategy strategy, boolean strictAffinity) {

	public GroupPolicy {
		if (strategy == null) {
			throw new IllegalArgumentException("A group policy needs a strategy.");
		}
	}

}
