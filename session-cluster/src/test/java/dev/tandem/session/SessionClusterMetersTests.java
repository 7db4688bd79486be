package dev.tandem.session;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionClusterMetersTests {

	private final AtomicReference<SessionClusterState> state = new AtomicReference<>();

	private final MeterRegistry registry = new SimpleMeterRegistry();

	// Gauges hold their object weakly, as the application context holds the bean.
	private final SessionClusterMeters meters = new SessionClusterMeters(this.state::get);

	@Test
	void shouldShowTheClusterAsThisNodeSeesIt() {
		this.state.set(state(true, 12, 30));
		this.meters.bindTo(this.registry);

		assertThat(gauge("tandem.node.cluster.size")).isEqualTo(2);
		assertThat(gauge("tandem.node.partition.safe")).isEqualTo(1);
		assertThat(gauge("tandem.node.ready")).isEqualTo(1);
		assertThat(this.registry.get("tandem.node.sessions").tag("kind", "owned").gauge().value()).isEqualTo(12);
		assertThat(this.registry.get("tandem.node.sessions").tag("kind", "backup").gauge().value()).isEqualTo(30);
	}

	@Test
	void shouldFollowChangesAndShowUnknownCountsAsNaN() {
		this.state.set(state(true, 12, 30));
		this.meters.bindTo(this.registry);

		this.state.set(SessionClusterState.notRunning(0));

		assertThat(gauge("tandem.node.cluster.size")).isZero();
		assertThat(gauge("tandem.node.partition.safe")).isZero();
		assertThat(gauge("tandem.node.ready")).isZero();
		assertThat(this.registry.get("tandem.node.sessions").tag("kind", "owned").gauge().value()).isNaN();
	}

	private double gauge(String name) {
		return this.registry.get(name).gauge().value();
	}

	private static SessionClusterState state(boolean safe, long owned, long backup) {
		return new SessionClusterState(true, true, true, "ACTIVE",
				List.of(new SessionClusterState.Member("127.0.0.1:5701", "n1", true),
						new SessionClusterState.Member("127.0.0.1:5702", "n2", false)),
				safe, safe, true, 0, true, owned, backup);
	}

}
