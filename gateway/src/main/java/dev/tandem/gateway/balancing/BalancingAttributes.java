package dev.tandem.gateway.balancing;

/**
 * The exchange attributes through which other features tell the balancer about a request,
 * and the balancer tells them how it went: affinity names the member the client is pinned
 * to, routing the group of members that serve the request, failover the members this
 * request already tried; {@link MemberAccountingFilter} records the attempts made and the
 * member that answered, for the access log. Spring Cloud Gateway hands the exchange's
 * attributes to the load balancer
 * ({@code RequestDataContext.getClientRequest().getAttributes()}), where
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
	 * The group ({@code String}) of the members that serve the request's route; absent
	 * when any member may serve it. Members of other groups are never chosen for it, and
	 * affinity reads its own cookie for the group.
	 */
	public static final String GROUP = BalancingAttributes.class.getName() + ".group";

	/**
	 * The ids ({@code Set<String>}) of the members this request was already sent to, in
	 * the order tried; absent before the first failed attempt.
	 */
	public static final String TRIED_MEMBERS = BalancingAttributes.class.getName() + ".triedMembers";

	/**
	 * How many attempts ({@code Integer}) at a member this request made so far, failed
	 * ones included; absent when no member was ever chosen for it.
	 */
	public static final String ATTEMPTS = BalancingAttributes.class.getName() + ".attempts";

	/**
	 * The id ({@code String}) of the member whose answer went to the client; absent when
	 * no member answered (the gateway answered itself, or the client went away first).
	 */
	public static final String ANSWERING_MEMBER = BalancingAttributes.class.getName() + ".answeringMember";

	/**
	 * Nanoseconds ({@code Long}) from the start of the answering attempt until the
	 * member's answer head arrived (its body streams afterwards); absent with
	 * {@link #ANSWERING_MEMBER}.
	 */
	public static final String UPSTREAM_NANOS = BalancingAttributes.class.getName() + ".upstreamNanos";

	private BalancingAttributes() {
	}

}
