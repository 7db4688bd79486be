package dev.tandem.node.session;

import java.net.InetSocketAddress;
import java.util.List;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.ClusterState;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;

/**
 * Reads the session cluster's state from the embedded Hazelcast member. All reads are
 * local to the member (no cluster round trip), so health checks may call it often.
 */
final class HazelcastSessionCluster implements SessionCluster {

	private final HazelcastInstance hazelcast;

	HazelcastSessionCluster(HazelcastInstance hazelcast) {
		this.hazelcast = hazelcast;
	}

	@Override
	public SessionClusterState state() {
		if (!this.hazelcast.getLifecycleService().isRunning()) {
			return SessionClusterState.notRunning();
		}
		try {
			Cluster cluster = this.hazelcast.getCluster();
			Member local = cluster.getLocalMember();
			List<SessionClusterState.Member> members = cluster.getMembers().stream().map(this::toMember).toList();
			ClusterState state = cluster.getClusterState();
			return new SessionClusterState(true, cluster.getMembers().contains(local), state == ClusterState.ACTIVE,
					state.name(), members);
		}
		catch (HazelcastInstanceNotActiveException ex) {
			// Shut down between the check above and the reads.
			return SessionClusterState.notRunning();
		}
	}

	private SessionClusterState.Member toMember(Member member) {
		InetSocketAddress address = member.getSocketAddress();
		String host = address.getHostString();
		String hostPort = (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
		return new SessionClusterState.Member(hostPort, member.getAttribute(HazelcastMemberConfig.NODE_ID_ATTRIBUTE),
				member.localMember());
	}

}
