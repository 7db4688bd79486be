package dev.tandem.gateway.member;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The live members: the current {@link Membership} snapshot, read lock-free by anyone,
 * and the subscribers told of each change. Changes are made one at a time (they come from
 * configuration and operators, never from requests), so every subscriber sees them in the
 * same order as the snapshots were swapped.
 */
public final class Members {

	private static final Log logger = LogFactory.getLog(Members.class);

	private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();

	private volatile Membership current;

	/**
	 * The live members, starting from these.
	 * @param initial the configured members
	 */
	public Members(Membership initial) {
		this.current = initial;
	}

	/**
	 * The members now.
	 * @return the current snapshot
	 */
	public Membership current() {
		return this.current;
	}

	/**
	 * Subscribe to every later change; the current members are read with
	 * {@link #current()}.
	 * @param listener told of each change after this call
	 */
	public void subscribe(MembershipListener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Stop telling a listener.
	 * @param listener a subscribed listener
	 */
	public void unsubscribe(MembershipListener listener) {
		this.listeners.remove(listener);
	}

	/**
	 * Change the members: the edit gets the current snapshot and returns the next one,
	 * which becomes current before the subscribers are told. An edit that returns an
	 * equal snapshot changes nothing and tells no one; one that throws changes nothing.
	 * @param edit the change
	 * @return the change made, with equal snapshots when nothing changed
	 */
	public synchronized MembershipChange change(UnaryOperator<Membership> edit) {
		Membership before = this.current;
		Membership after = edit.apply(before);
		if (after.equals(before)) {
			return new MembershipChange(before, before);
		}
		this.current = after;
		MembershipChange change = new MembershipChange(before, after);
		for (MembershipListener listener : this.listeners) {
			try {
				listener.membershipChanged(change);
			}
			catch (RuntimeException ex) {
				logger.error("A member listener failed; the members changed anyway", ex);
			}
		}
		return change;
	}

}
