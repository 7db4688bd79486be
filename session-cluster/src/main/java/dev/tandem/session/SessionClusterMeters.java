package dev.tandem.session;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The session cluster seen from this node as gauges: {@code tandem.node.cluster.size},
 * {@code tandem.node.partition.safe}, {@code tandem.node.ready} and
 * {@code tandem.node.sessions} (tagged {@code kind}: {@code owned} primary copies,
 * {@code backup} copies of other members' sessions). Every gauge reads
 * {@link SessionCluster#state()}, which only reads what the member and its probes already
 * know, so a scrape never waits on the network. A count that could not be read (the
 * member is starting or stopping) shows as NaN, never as a made-up 0.
 */
final class SessionClusterMeters implements MeterBinder {

	static final String PREFIX = "tandem.node.";

	private final SessionCluster cluster;

	SessionClusterMeters(SessionCluster cluster) {
		this.cluster = cluster;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		gauge(registry, "cluster.size", SessionClusterState::clusterSize,
				"Members of the session cluster this node's member sees, itself included; 0 while it is not running");
		gauge(registry, "partition.safe", (state) -> state.clusterSafe() ? 1 : 0,
				"1 when every member's partitions had their backups in sync at the last check, else 0");
		gauge(registry, "ready", (state) -> state.ready() ? 1 : 0,
				"1 when this node may serve session traffic (its readiness), else 0");
		Gauge.builder(PREFIX + "sessions", this, (meters) -> count(meters.cluster.state().ownedSessions()))
			.tag("kind", "owned")
			.description("Sessions held on this node: primary copies (owned) and backups of other members' sessions")
			.register(registry);
		Gauge.builder(PREFIX + "sessions", this, (meters) -> count(meters.cluster.state().backupSessions()))
			.tag("kind", "backup")
			.description("Sessions held on this node: primary copies (owned) and backups of other members' sessions")
			.register(registry);
	}

	private void gauge(MeterRegistry registry, String name, ToDoubleFunction<SessionClusterState> value,
			String description) {
		Gauge.builder(PREFIX + name, this, (meters) -> value.applyAsDouble(meters.cluster.state()))
			.description(description)
			.register(registry);
	}

	private static double count(long count) {
		return (count == SessionClusterState.UNKNOWN_COUNT) ? Double.NaN : count;
	}

}
