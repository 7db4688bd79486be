package dev.tandem.gateway.admin;

import dev.tandem.gateway.health.SessionClusterView;

/**
 * When a member can be stopped without losing a request or a session: it takes no new
 * clients (draining or disabled), nothing is in flight, and its session cluster has every
 * backup in place with at least one other member to hold them. A member that reports no
 * session cluster (a plain application server) needs only the first two.
 */
public final class SafeToStop {

	private SafeToStop() {
	}

	/**
	 * Whether the member's session cluster lets it stop.
	 * @param cluster its last reported view, {@code null} when it reports none
	 * @return {@code true} when stopping it loses no session
	 */
	public static boolean clusterAllows(SessionClusterView cluster) {
		return cluster == null || (cluster.clusterSafe() && cluster.clusterSize() >= 2);
	}

}
