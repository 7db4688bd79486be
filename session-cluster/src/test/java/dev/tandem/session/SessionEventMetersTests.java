package dev.tandem.session;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.session.MapSession;
import org.springframework.session.events.SessionCreatedEvent;
import org.springframework.session.events.SessionDeletedEvent;
import org.springframework.session.events.SessionExpiredEvent;

import static org.assertj.core.api.Assertions.assertThat;

class SessionEventMetersTests {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final SessionEventMeters meters = new SessionEventMeters((id) -> id.startsWith("mine-"));

	@Test
	void shouldCountEachKindOfEventOfTheSessionsThisNodeOwns() {
		this.meters.bindTo(this.registry);

		this.meters.onApplicationEvent(new SessionCreatedEvent(this, new MapSession("mine-1")));
		this.meters.onApplicationEvent(new SessionCreatedEvent(this, new MapSession("mine-2")));
		this.meters.onApplicationEvent(new SessionExpiredEvent(this, new MapSession("mine-1")));
		this.meters.onApplicationEvent(new SessionDeletedEvent(this, new MapSession("mine-2")));

		assertThat(count("created")).isEqualTo(2);
		assertThat(count("expired")).isEqualTo(1);
		assertThat(count("deleted")).isEqualTo(1);
	}

	@Test
	void shouldLeaveTheEventsOfSessionsAnotherNodeOwnsToThatNode() {
		this.meters.bindTo(this.registry);

		this.meters.onApplicationEvent(new SessionCreatedEvent(this, new MapSession("theirs-1")));
		this.meters.onApplicationEvent(new SessionExpiredEvent(this, new MapSession("theirs-1")));

		assertThat(count("created")).isZero();
		assertThat(count("expired")).isZero();
	}

	@Test
	void shouldIgnoreEventsBeforeItIsBound() {
		this.meters.onApplicationEvent(new SessionCreatedEvent(this, new MapSession("mine-1")));
		this.meters.bindTo(this.registry);

		assertThat(count("created")).isZero();
	}

	private double count(String event) {
		return this.registry.get(SessionEventMeters.NAME).tag("event", event).counter().count();
	}

}
