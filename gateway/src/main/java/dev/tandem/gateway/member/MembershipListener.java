package dev.tandem.gateway.member;

/**
 * Told of every change of the members, once, after the new snapshot is current and in the
 * order the changes were made. Called on the thread that made the change (an admin
 * request, never the request path), so an implementation may take its time but must not
 * throw: a failing listener is logged and the others are still told.
 */
@FunctionalInterface
public interface MembershipListener {

	/**
	 * The members changed.
	 * @param change the snapshots before and after
	 */
	void membershipChanged(MembershipChange change);

}
