package dev.tandem.session;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Reports the node ready to serve only when it can read and write sessions: its member
 * runs, has joined an ACTIVE cluster whose partitions have been safe at least once since
 * start (so a starting node waits for its data), and, with
 * {@code tandem.node.cluster.min-size}, is on a side at least that big. A node in a
 * minority side of a split is DOWN, and the gateway, which reads this through the
 * readiness group (as {@code sessionCluster}), routes around it. Migrations after start
 * do not make it DOWN. Details give what this member sees of the cluster (its members,
 * the safety flags, the sessions it holds), so the gateway can show every node's view
 * side by side; all of it comes from {@link SessionCluster#state()}, which never waits on
 * another member.
 */
class SessionClusterHealthIndicator implements HealthIndicator {

	private final SessionCluster cluster;

	SessionClusterHealthIndicator(SessionCluster cluster) {
		this.cluster = cluster;
	}

	@Override
	public Health health() {
		SessionClusterState state = this.cluster.state();
		Health.Builder builder = state.ready() ? Health.up() : Health.down();
		builder.withDetail("running", state.running())
			.withDetail("joined", state.joined())
			.withDetail("clusterState", state.clusterState())
			// The member count under its first name, which readers before memberList use.
			.withDetail("members", state.clusterSize())
			.withDetail("clusterSize", state.clusterSize())
			.withDetail("memberList", state.members())
			.withDetail("viewId", state.viewId())
			.withDetail("localMemberSafe", state.localMemberSafe())
			.withDetail("clusterSafe", state.clusterSafe())
			.withDetail("settled", state.settled())
			.withDetail("ownedSessions", state.ownedSessions())
			.withDetail("backupSessions", state.backupSessions());
		if (state.minSize() > 0) {
			builder.withDetail("minSize", state.minSize()).withDetail("minSizeMet", state.minSizeMet());
		}
		return builder.build();
	}

}
