package dev.tandem.gateway.health;

/**
 * Told when the active health checks change their verdict on a member: exactly once per
 * transition, never for a probe that confirms the current state. Called on a Reactor
 * thread (often a Netty event loop), possibly for two members at once, so an
 * implementation must be thread-safe and must not block; the balancer's
 * {@code healthChanged} has the same shape so it can be wired in directly.
 */
@FunctionalInterface
interface MemberHealthListener {

	/**
	 * The member's health changed.
	 * @param memberId the member's configured id
	 * @param ready whether the member now passes its checks
	 * @param reason a short human-readable cause, such as
	 * {@code 2 failed probes, last: connect refused}
	 */
	void healthChanged(String memberId, boolean ready, String reason);

}
