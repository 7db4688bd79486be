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

	/**
	 * The id of this member's current view of the cluster, as {@link #state()} would
	 * report it, but cheap enough to ask on every request.
	 * @return 16 hex digits, or {@code none} when the member is not running
	 */
	default String viewId() {
		return state().viewId();
	}

}
