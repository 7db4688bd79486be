package dev.tandem.gateway.balancing.core;

/**
 * The balancer's answer for one request: the member to use and why it was chosen.
 * {@code memberId} is {@code null} exactly when the kind is {@link Kind#NONE} or
 * {@link Kind#REFUSED_STRICT}. The balancer hands out preallocated instances, so choosing
 * allocates nothing.
 *
 * @param memberId the chosen member, or {@code null} when none may serve
 * @param kind why this member (or none)
 */
public record Choice(String memberId, Kind kind) {

	static final Choice NONE = new Choice(null, Kind.NONE);

	static final Choice REFUSED_STRICT = new Choice(null, Kind.REFUSED_STRICT);

	/**
	 * Why a member was chosen, or why none was.
	 */
	public enum Kind {

		/** The client's own member, which may still serve it. */
		STICKY,

		/** Chosen by the strategy among the usable members of the serving tier. */
		BALANCED,

		/**
		 * No member was usable: chosen among every member not disabled, health ignored.
		 */
		PANIC,

		/** No member may serve (none usable and panic off, or all excluded). */
		NONE,

		/**
		 * Strict affinity: the client's member may not serve it, and moving the client
		 * elsewhere is refused.
		 */
		REFUSED_STRICT

	}

}
