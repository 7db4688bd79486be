package dev.tandem.session;

/**
 * The session cluster as the rest of the node sees it, free of Hazelcast types so that
 * readiness and the demo page do not change when the session store does.
 */
public interface SessionCluster {

	/**
	 * Read the cluster's current state from this member's point of view. Never throws: a
	 * member that is starting, stopping or stopped reports {@code running=false}.
	 * @return the state now
	 */
	SessionClusterState state();

}
