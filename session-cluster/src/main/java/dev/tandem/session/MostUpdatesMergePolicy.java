package dev.tandem.session;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingLastUpdateTime;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.MergingVersion;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * After a network split heals, keeps for each session the copy that was updated more
 * times, and only when both were updated equally often the one updated last. The count is
 * the entry's version, which every member holding a copy raises by one on each write and
 * which backups, promotions and migrations carry along, so both sides' copies count from
 * the same value at the split and no clock is read; the last-update time, stamped by each
 * member's own clock, decides ties alone.
 *
 * @param <V> the type of the merged value
 * @param <T> the type of the merging value
 */
public class MostUpdatesMergePolicy<V, T extends MergingValue<V> & MergingVersion & MergingLastUpdateTime>
		implements SplitBrainMergePolicy<V, T, Object> {

	@Override
	public Object merge(T mergingValue, T existingValue) {
		if (mergingValue == null) {
			return existingValue.getRawValue();
		}
		if (existingValue == null) {
			return mergingValue.getRawValue();
		}
		return keepsMerging(mergingValue, existingValue) ? mergingValue.getRawValue() : existingValue.getRawValue();
	}

	private boolean keepsMerging(T merging, T existing) {
		if (merging.getVersion() != existing.getVersion()) {
			return merging.getVersion() > existing.getVersion();
		}
		// Equal writes on both sides: as Hazelcast's LatestUpdateMergePolicy, the merging
		// copy also wins a tie of whole seconds.
		return merging.getLastUpdateTime() >= existing.getLastUpdateTime();
	}

	// Sent inside the merge operations to the larger side's members; it has no state.
	@Override
	public void writeData(ObjectDataOutput out) {
	}

	@Override
	public void readData(ObjectDataInput in) {
	}

}
