package dev.tandem.session;

import java.util.function.Predicate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.context.ApplicationListener;
import org.springframework.session.events.AbstractSessionEvent;
import org.springframework.session.events.SessionCreatedEvent;
import org.springframework.session.events.SessionDeletedEvent;
import org.springframework.session.events.SessionExpiredEvent;

/**
 * Counts Spring Session's session events as {@code tandem.node.session.events}, tagged
 * {@code event}: {@code created}, {@code expired} or {@code deleted} (invalidated, as at
 * logout). Spring Session's Hazelcast repository listens to the whole cluster's sessions
 * map, so every node hears every session's events; each node counts only the sessions
 * whose primary copy it holds, so that the nodes' counts add up to the cluster's instead
 * of counting each event once per node. A session whose partition is changing owner at
 * that moment may be counted by no node, or by two. Events before the counters are bound
 * to the registry (none are expected: the web server starts later) are not counted.
 */
final class SessionEventMeters implements MeterBinder, ApplicationListener<AbstractSessionEvent> {

	static final String NAME = SessionClusterMeters.PREFIX + "session.events";

	private final Predicate<String> ownedHere;

	private volatile Counters counters;

	/**
	 * Counts the events of the sessions this node owns.
	 * @param ownedHere whether this node holds the primary copy of the session with the
	 * given id
	 */
	SessionEventMeters(Predicate<String> ownedHere) {
		this.ownedHere = ownedHere;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.counters = new Counters(counter(registry, "created"), counter(registry, "expired"),
				counter(registry, "deleted"));
	}

	private static Counter counter(MeterRegistry registry, String event) {
		return Counter.builder(NAME)
			.tag("event", event)
			.description("Sessions created, expired and deleted (invalidated) whose primary copy is on this node")
			.register(registry);
	}

	@Override
	public void onApplicationEvent(AbstractSessionEvent event) {
		Counters counters = this.counters;
		Counter counter = (counters != null) ? counters.of(event) : null;
		if (counter != null && this.ownedHere.test(event.getSessionId())) {
			counter.increment();
		}
	}

	private record Counters(Counter created, Counter expired, Counter deleted) {

		Counter of(AbstractSessionEvent event) {
			// Both of the last two are SessionDestroyedEvents: tell them apart.
			if (event instanceof SessionCreatedEvent) {
				return this.created;
			}
			if (event instanceof SessionExpiredEvent) {
				return this.expired;
			}
			if (event instanceof SessionDeletedEvent) {
				return this.deleted;
			}
			return null;
		}

	}

}
