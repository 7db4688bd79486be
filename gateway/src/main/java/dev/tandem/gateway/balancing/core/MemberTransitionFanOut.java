package dev.tandem.gateway.balancing.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Tells every subscriber of each {@link MemberTransition}, in subscription order, so that
 * more than one feature (the log, the history) can follow a {@link Balancer} that takes a
 * single transition listener. Subscribers are called on the thread that made the change,
 * inside the balancer's update: they must be quick and must never call back into the
 * balancer. A subscriber that throws does not keep the later ones from being told; the
 * first such failure is rethrown once all have been.
 */
public final class MemberTransitionFanOut implements Consumer<MemberTransition> {

	// Copy-on-write: subscriptions happen at start-up, transitions are read far more
	// often and must not lock.
	private final List<Consumer<MemberTransition>> subscribers = new CopyOnWriteArrayList<>();

	/**
	 * Tells this subscriber of every later transition.
	 * @param subscriber quick, never calling back into the balancer
	 */
	public void subscribe(Consumer<MemberTransition> subscriber) {
		if (subscriber == null) {
			throw new IllegalArgumentException("A transition subscriber is required.");
		}
		this.subscribers.add(subscriber);
	}

	@Override
	public void accept(MemberTransition transition) {
		RuntimeException failure = null;
		for (Consumer<MemberTransition> subscriber : this.subscribers) {
			try {
				subscriber.accept(transition);
			}
			catch (RuntimeException ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

}
