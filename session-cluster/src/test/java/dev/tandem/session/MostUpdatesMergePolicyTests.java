package dev.tandem.session;

import java.util.List;

import com.hazelcast.config.Config;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.spi.merge.MergingLastUpdateTime;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.MergingVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MostUpdatesMergePolicyTests {

	private final MostUpdatesMergePolicy<String, Copy> policy = new MostUpdatesMergePolicy<>();

	@Test
	void shouldKeepTheCopyWithMoreWritesWhicheverWasWrittenLast() {
		assertThat(this.policy.merge(new Copy("merging", 5, 1_000), new Copy("existing", 3, 90_000)))
			.isEqualTo("merging");
		assertThat(this.policy.merge(new Copy("merging", 3, 90_000), new Copy("existing", 5, 1_000)))
			.isEqualTo("existing");
	}

	@Test
	void shouldKeepTheCopyWrittenLastOnEqualWritesAndTheMergingOneOnATie() {
		assertThat(this.policy.merge(new Copy("merging", 4, 2_000), new Copy("existing", 4, 1_000)))
			.isEqualTo("merging");
		assertThat(this.policy.merge(new Copy("merging", 4, 1_000), new Copy("existing", 4, 2_000)))
			.isEqualTo("existing");
		assertThat(this.policy.merge(new Copy("merging", 4, 1_000), new Copy("existing", 4, 1_000)))
			.isEqualTo("merging");
	}

	@Test
	void shouldKeepTheOnlyCopyWhenOneSideHasNone() {
		assertThat(this.policy.merge(new Copy("merging", 0, 1_000), null)).isEqualTo("merging");
		assertThat(this.policy.merge(null, new Copy("existing", 0, 1_000))).isEqualTo("existing");
	}

	// The merging member sends the policy inside its merge operations. Hazelcast rebuilds
	// a
	// DataSerializable by class name without asking the Java-serialization allow-list
	// (tried on 5.7.0 with a list lacking dev.tandem.), so only the round trip is
	// checked.
	@Test
	void shouldCrossTheWireWithTheNodesSerializationConfiguration() {
		Config config = HazelcastMemberConfig.create(new NodeProperties("n1", new NodeProperties.Cluster("shop",
				List.of("10.0.0.1"), 5701, null, false, 1, 0, false, NodeProperties.Serialization.NONE)), "sessions");
		InternalSerializationService serialization = new DefaultSerializationServiceBuilder()
			.setConfig(config.getSerializationConfig())
			.build();

		Object back = serialization.toObject(serialization.toData(this.policy));

		assertThat(back).isInstanceOf(MostUpdatesMergePolicy.class);
	}

	private record Copy(String value, long version,
			long lastUpdateTime) implements MergingValue<String>, MergingVersion, MergingLastUpdateTime {

		@Override
		public String getDeserializedValue() {
			return this.value;
		}

		@Override
		public Object getRawValue() {
			return this.value;
		}

		@Override
		public long getVersion() {
			return this.version;
		}

		@Override
		public long getLastUpdateTime() {
			return this.lastUpdateTime;
		}

	}

}
