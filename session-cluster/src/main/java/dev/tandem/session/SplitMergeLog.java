package dev.tandem.session;

import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Says in the node's log when its member merges back after a network split, and what that
 * did to sessions: Hazelcast's own lifecycle lines are at INFO, which the node does not
 * show, and the merge is the moment one side's changes to a session can be lost.
 */
final class SplitMergeLog implements LifecycleListener {

	static final String MERGING = "Found the rest of the session cluster after a network split; "
			+ "merging this side's sessions into it";

	static final String MERGED = "Merged into the session cluster after a network split: for each session "
			+ "both sides held, the copy written or requested more often since the split won (on a tie, the one last "
			+ "written) and the other copy's changes are lost";

	private static final Log logger = LogFactory.getLog(SplitMergeLog.class);

	@Override
	public void stateChanged(LifecycleEvent event) {
		switch (event.getState()) {
			case MERGING -> logger.warn(MERGING);
			case MERGED -> logger.warn(MERGED);
			case MERGE_FAILED -> logger.error("Could not merge into the session cluster after a network split; "
					+ "this member runs alone with none of this side's sessions");
			default -> {
			}
		}
	}

}
