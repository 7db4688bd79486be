package dev.tandem.node.health;

import dev.tandem.node.session.SessionCluster;
import dev.tandem.node.session.SessionClusterState;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Reports the node ready to serve only once its session cluster member has joined: the
 * member runs, lists itself among the members and the cluster is ACTIVE. A node that
 * cannot read or write sessions must not receive traffic; the gateway reads this through
 * the readiness group (as {@code sessionCluster}). Details give the member count for
 * dashboards.
 */
@Component
class SessionClusterHealthIndicator implements HealthIndicator {

	private final SessionCluster cluster;

	SessionClusterHealthIndicator(SessionCluster cluster) {
		this.cluster = cluster;
	}

	@Override
	public Health health() {
		SessionClusterState state = this.cluster.state();
		Health.Builder builder = (state.running() && state.joined() && state.active()) ? Health.up() : Health.down();
		return builder.withDetail("running", state.running())
			.withDetail("joined", state.joined())
			.withDetail("clusterState", state.clusterState())
			.withDetail("members", state.members().size())
			.build();
	}

}
