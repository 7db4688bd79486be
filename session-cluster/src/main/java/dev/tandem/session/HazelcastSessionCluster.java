package dev.tandem.session;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.ClusterState;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;

/**
 * Reads the session cluster's state from the embedded Hazelcast member. Every read is
 * local to the member, so health checks may call it often and never wait on the network;
 * partition safety, which does, comes from a {@link PartitionSafetyProbe}, and the
 * session counts, which can wait too, from a {@link SessionCountProbe}.
 */
final class HazelcastSessionCluster implements SessionCluster, AutoCloseable {

	private final HazelcastInstance hazelcast;

	private final int minSize;

	private final PartitionSafetyProbe safety;

	private final SessionCountProbe sessions;

	// Asked on every request: the id is computed again only when the member list changed.
	private volatile CachedView view = new CachedView(Set.of(), ClusterViewId.of(List.of()));

	HazelcastSessionCluster(HazelcastInstance hazelcast, int minSize, PartitionSafetyProbe safety,
			SessionCountProbe sessions) {
		this.hazelcast = hazelcast;
		this.minSize = minSize;
		this.safety = safety;
		this.sessions = sessions;
	}

	@Override
	public SessionClusterState state() {
		if (!this.hazelcast.getLifecycleService().isRunning()) {
			return SessionClusterState.notRunning(this.minSize);
		}
		try {
			Cluster cluster = this.hazelcast.getCluster();
			Member local = cluster.getLocalMember();
			List<SessionClusterState.Member> members = cluster.getMembers().stream().map(this::toMember).toList();
			ClusterState state = cluster.getClusterState();
			boolean joined = cluster.getMembers().contains(local);
			boolean active = state == ClusterState.ACTIVE;
			SessionCountProbe.Counts counts = this.sessions.counts();
			return new SessionClusterState(true, joined, active, state.name(), members, this.safety.localMemberSafe(),
					this.safety.clusterSafe(), this.safety.settled(), this.minSize, minSizeMet(), counts.owned(),
					counts.backup());
		}
		catch (HazelcastInstanceNotActiveException ex) {
			// Shut down between the check above and the reads.
			return SessionClusterState.notRunning(this.minSize);
		}
	}

	@Override
	public String viewId() {
		try {
			Set<Member> members = this.hazelcast.getCluster().getMembers();
			CachedView cached = this.view;
			if (cached.members().equals(members)) {
				return cached.id();
			}
			CachedView fresh = new CachedView(Set.copyOf(members),
					ClusterViewId.of(members.stream().map(HazelcastSessionCluster::hostPort).toList()));
			this.view = fresh;
			return fresh.id();
		}
		catch (HazelcastInstanceNotActiveException ex) {
			return ClusterViewId.of(List.of());
		}
	}

	// Asks the split-brain protection Hazelcast enforces on the session map, so readiness
	// and refused writes always agree.
	private boolean minSizeMet() {
		if (this.minSize == 0) {
			return true;
		}
		return this.hazelcast.getSplitBrainProtectionService()
			.getSplitBrainProtection(HazelcastMemberConfig.MIN_SIZE_PROTECTION)
			.hasMinimumSize();
	}

	@Override
	public void close() {
		this.safety.close();
		this.sessions.close();
	}

	private SessionClusterState.Member toMember(Member member) {
		return new SessionClusterState.Member(hostPort(member),
				member.getAttribute(HazelcastMemberConfig.NODE_ID_ATTRIBUTE), member.localMember());
	}

	private static String hostPort(Member member) {
		InetSocketAddress address = member.getSocketAddress();
		String host = address.getHostString();
		return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
	}

	private record CachedView(Set<Member> members, String id) {

	}

}
