package dev.tandem.gateway.balancing.core;

import java.util.Set;

/**
 * What the balancer needs to know about one request: the member its affinity names (if
 * any), the members this request already tried, which it must not get again, and how the
 * group its route names chooses, if it names one.
 *
 * @param stickyMemberId the member the client is pinned to, or {@code null} for none; an
 * id the balancer does not know counts as none
 * @param excluded members already tried by this request, never {@code null}
 * @param group how to choose for the request's group, as the balancer's policy
 * {@linkplain BalancingPolicy#group(String) resolves it}; {@code null} for a request
 * without a group, which chooses by the balancer's own strategy and strictness
 */
public record RequestFacts(String stickyMemberId, Set<String> excluded, GroupPolicy group) {

	/** A first attempt without affinity. */
	public static final RequestFacts NONE = new RequestFacts(null, Set.of());

	public RequestFacts {
		// Set.copyOf returns an immutable set as it is, so a caller passing Set.of(..)
		// pays nothing.
		excluded = (excluded != null) ? Set.copyOf(excluded) : Set.of();
	}

	/**
	 * The facts of a request chosen with the balancer's own strategy and strictness.
	 * @param stickyMemberId the member the client is pinned to, or {@code null} for none
	 * @param excluded members already tried by this request
	 */
	public RequestFacts(String stickyMemberId, Set<String> excluded) {
		this(stickyMemberId, excluded, null);
	}

	/**
	 * A first attempt for a client pinned to a member.
	 * @param stickyMemberId the member the client's affinity names, or {@code null}
	 * @return the facts
	 */
	public static RequestFacts sticky(String stickyMemberId) {
		return new RequestFacts(stickyMemberId, Set.of());
	}

}
