package dev.tandem.node.session;

import java.util.List;

/**
 * A snapshot of the session cluster seen from this node's member.
 *
 * @param running whether this node's member is running
 * @param joined whether this node's member is in the cluster's member list
 * @param active whether the cluster accepts reads and writes (Hazelcast state ACTIVE)
 * @param clusterState the cluster state's name, for people and dashboards
 * @param members the cluster's members, in the cluster's own order (oldest first)
 */
public record SessionClusterState(boolean running, boolean joined, boolean active, String clusterState,
		List<Member> members) {

	public SessionClusterState {
		members = List.copyOf(members);
	}

	/**
	 * The state of a member that is not running: not joined, no members.
	 * @return the state
	 */
	public static SessionClusterState notRunning() {
		return new SessionClusterState(false, false, false, "NOT_RUNNING", List.of());
	}

	/**
	 * One member of the session cluster.
	 *
	 * @param address the member's cluster address, {@code host:port}
	 * @param nodeId the node id the member announced, or {@code null} when it did not
	 * @param local whether this is this node's own member
	 */
	public record Member(String address, String nodeId, boolean local) {

	}

}
