package dev.tandem.session.safewrite;

import java.util.concurrent.atomic.AtomicLong;

import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;

/**
 * Counts the times this node's member began merging into another cluster after a split. A
 * request that read its session before such a merge read this node's side's copy, which
 * the merge may have replaced: its save must not write that older state into the merged
 * cluster.
 */
final class MergeCount implements LifecycleListener {

	private final AtomicLong merges = new AtomicLong();

	@Override
	public void stateChanged(LifecycleEvent event) {
		if (event.getState() == LifecycleEvent.LifecycleState.MERGING) {
			this.merges.incrementAndGet();
		}
	}

	long current() {
		return this.merges.get();
	}

}
