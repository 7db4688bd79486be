package dev.tandem.gateway.health;

/**
 * Told when the active health checks change their verdict on a member: exactly once per
 * transition, never for a probe that confirms the current state. Called on a Reactor
 * thread (often a Netty event loop), possibly for two members at once, so an
 * implementation must be thread-safe and must not block; the balancer's
 * {@code healthChanged} has the same shape so it can be wired in directly.
 */
@FunctionalInterface
public interface MemberHealthListener {

	/**
	 * The member's health changed.
	 * @param memberId the member's configured id
	 * @param ready whether the member now passes its checks
	 * @param reason a short human-readable cause, such as
	 * {@code 2 failed probes, last: connect refused}
	 */
	void healthChanged(String memberId, boolean ready, String reason);

	/**
	 * A probe ended (or a member was added or removed): every member's health now, with
	 * the views the nodes reported, whether or not a verdict changed. Called after
	 * {@link #healthChanged} for the same probe.
	 * @param snapshot every member's health
	 */
	default void probed(MemberHealthSnapshot snapshot) {
	}

}
