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
 * @param clusterSafe whether every member's partitions had their backups in sync at the
 * last check (no migration anywhere in the cluster)
 * @param settled whether the whole cluster has been safe (no migration, every backup in
 * place) at least once since this member started; it stays true afterwards
 * @param minSize the smallest side allowed to read and write sessions, 0 when off
 * @param minSizeMet whether this member's side has at least {@code minSize} members
 * (always true when off)
 * @param ownedSessions how many sessions this member holds the primary copy of, or -1
 * when that could not be read (the member is not running, for one)
 * @param backupSessions how many backup copies of other members' sessions this member
 * holds, or -1 when that could not be read
 */
public record SessionClusterState(boolean running, boolean joined, boolean active, String clusterState,
		List<Member> members, boolean localMemberSafe, boolean clusterSafe, boolean settled, int minSize,
		boolean minSizeMet, long ownedSessions, long backupSessions) {

	/** The session counts of a member whose session map could not be read. */
	public static final long UNKNOWN_COUNT = -1;

	public SessionClusterState {
		members = List.copyOf(members);
	}

	/**
	 * The state of a member that is not running: not joined, no members, no counts.
	 * @param minSize the configured minimum cluster size, 0 when off
	 * @return the state
	 */
	public static SessionClusterState notRunning(int minSize) {
		return new SessionClusterState(false, false, false, "NOT_RUNNING", List.of(), false, false, false, minSize,
				minSize == 0, UNKNOWN_COUNT, UNKNOWN_COUNT);
	}

	/**
	 * How many members this node's member sees, itself included.
	 * @return the size of the member list
	 */
	public int clusterSize() {
		return this.members.size();
	}

	/**
	 * The id of the view this member has of the cluster: equal on every member that sees
	 * the same members, different on the two sides of a split.
	 * @return 16 hex digits, or {@code none} when the member sees no cluster
	 */
	public String viewId() {
		return ClusterViewId.of(this.members.stream().map(Member::address).toList());
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
