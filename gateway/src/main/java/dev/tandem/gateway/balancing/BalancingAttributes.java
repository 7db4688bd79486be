package dev.tandem.gateway.balancing;

/**
 * The exchange attributes through which other features tell the balancer about a request:
 * affinity names the member the client is pinned to, failover the members this request
 * already tried. Spring Cloud Gateway hands the exchange's attributes to the load
 * balancer ({@code RequestDataContext.getClientRequest().getAttributes()}), where
 * {@link CoreLoadBalancer} turns them into the core's request facts. Owned here so that
 * those features depend on balancing, never the other way round.
 */
public final class BalancingAttributes {

	/**
	 * The id ({@code String}) of the member the request is sticky to; absent when there
	 * is none.
	 */
	public static final String STICKY_MEMBER = BalancingAttributes.class.getName() + ".stickyMember";

	/**
	 * The ids ({@code Set<String>}) of the members this request was already sent to, in
	 * the order tried; absent before the first failed attempt.
	 */
	public static final String TRIED_MEMBERS = BalancingAttributes.class.getName() + ".triedMembers";

	private BalancingAttributes() {
	}

}
