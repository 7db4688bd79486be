package dev.tandem.session;

import java.util.List;

/**
 * A snapshot of the session cluster seen from this node's member.
 *
 * @param running whether this node's member is running
 * @param joined whether this node's member is in the cluster's member list
 * @param active whether the cluster accepts reads and writes (Hazelcast state ACTIVE)
 * @param clusterState the cluster state's name, for people and dashboards
 * @param members the cluster's members, in the cluster's own order (oldest first)
 * @param localMemberSafe whether every partition this member owns has its backups in sync
 * now (false while partitions migrate)
 * @param settled whether the whole cluster has been safe (no migration, every backup in
 * place) at least once since this member started; it stays true afterwards
 * @param minSize the smallest side allowed to read and write sessions, 0 when off
 * @param minSizeMet whether this member's side has at least {@code minSize} members
 * (always true when off)
 */
public record SessionClusterState(boolean running, boolean joined, boolean active, String clusterState,
		List<Member> members, boolean localMemberSafe, boolean settled, int minSize, boolean minSizeMet) {

	public SessionClusterState {
		members = List.copyOf(members);
	}

	/**
	 * The state of a member that is not running: not joined, no members.
	 * @param minSize the configured minimum cluster size, 0 when off
	 * @return the state
	 */
	public static SessionClusterState notRunning(int minSize) {
		return new SessionClusterState(false, false, false, "NOT_RUNNING", List.of(), false, false, minSize,
				minSize == 0);
	}

	/**
	 * Whether this node may serve session traffic: its member runs, has joined an ACTIVE
	 * cluster that has settled once, and its side is big enough. Later migrations do not
	 * count, so readiness does not flap while partitions move.
	 * @return whether the node is ready
	 */
	public boolean ready() {
		return this.running && this.joined && this.active && this.settled && this.minSizeMet;
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
