package dev.tandem.session;

import java.util.List;

import com.hazelcast.config.Config;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import org.junit.jupiter.api.Test;

import org.springframework.session.MapSession;
import org.springframework.session.hazelcast.HazelcastIndexedSessionRepository;
import org.springframework.session.hazelcast.HazelcastSessionSerializer;
import org.springframework.session.hazelcast.PrincipalNameExtractor;

import static org.assertj.core.api.Assertions.assertThat;

class HazelcastMemberConfigTests {

	private static final String SESSIONS = HazelcastIndexedSessionRepository.DEFAULT_SESSION_MAP_NAME;

	@Test
	void shouldJoinTheListedMembersOverTcpIpWithAndWithoutPorts() {
		Config config = create(cluster(List.of("10.0.0.1:5701", "pi3.local", "[fd00::4]:5702"), null, false));

		JoinConfig join = config.getNetworkConfig().getJoin();
		assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
		assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.1:5701", "pi3.local", "[fd00::4]:5702");
		assertThat(join.getTcpIpConfig().getConnectionTimeoutSeconds()).isEqualTo(1);
		assertThat(join.getMulticastConfig().isEnabled()).isFalse();
		assertThat(config.getClusterName()).isEqualTo("shop");
	}

	@Test
	void shouldJoinByMulticastOnTomcatsGroupOnlyWhenAsked() {
		Config config = create(cluster(List.of("10.0.0.1"), null, true));

		JoinConfig join = config.getNetworkConfig().getJoin();
		assertThat(join.getMulticastConfig().isEnabled()).isTrue();
		assertThat(join.getMulticastConfig().getMulticastGroup()).isEqualTo("228.0.0.4");
		assertThat(join.getMulticastConfig().getMulticastPort()).isEqualTo(45564);
		assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
	}

	@Test
	void shouldNeverDiscoverMembersOnItsOwn() {
		assertThat(create(cluster(List.of("10.0.0.1"), null, false)).getNetworkConfig()
			.getJoin()
			.getAutoDetectionConfig()
			.isEnabled()).isFalse();
		assertThat(create(cluster(List.of("10.0.0.1"), null, true)).getNetworkConfig()
			.getJoin()
			.getAutoDetectionConfig()
			.isEnabled()).isFalse();
	}

	@Test
	void shouldListenOnExactlyTheConfiguredPort() {
		Config config = create(cluster(List.of("10.0.0.1"), null, false));

		assertThat(config.getNetworkConfig().getPort()).isEqualTo(5702);
		assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
	}

	@Test
	void shouldBindOnlyTheConfiguredInterface() {
		Config config = create(cluster(List.of("10.0.0.1"), "10.0.0.*", false));

		assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
		assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.0.0.*");
		assertThat(config.getProperty(HazelcastMemberConfig.LOCAL_ADDRESS)).isNull();
		assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
	}

	@Test
	void shouldBindASingleAddressWithoutMakingItAnInterfaceFilterForNamedMembers() {
		Config config = create(cluster(List.of("pi2", "pi3.local:5701"), "192.168.1.12", false));

		// As an interface, Hazelcast's TCP/IP joiner would drop pi3's address (not
		// 192.168.1.12) and the node would never join a peer it knows by name.
		assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isFalse();
		assertThat(config.getProperty(HazelcastMemberConfig.LOCAL_ADDRESS)).isEqualTo("192.168.1.12");
		assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
		assertThat(config.getAdvancedNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("pi2",
				"pi3.local:5701");
	}

	@Test
	void shouldLeaveInterfaceChoiceToHazelcastWhenNoneIsSet() {
		Config config = create(cluster(List.of("10.0.0.1"), null, false));

		assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isFalse();
		assertThat(config.getProperty(HazelcastMemberConfig.LOCAL_ADDRESS)).isNull();
		assertThat(config.getProperty("hazelcast.socket.bind.any")).isNull();
	}

	@Test
	void shouldStayOnTheMachineLogThroughSlf4jAndLeaveShutdownToSpring() {
		Config config = create(cluster(List.of("10.0.0.1"), null, false));

		assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
		assertThat(config.getProperty("hazelcast.logging.type")).isEqualTo("slf4j");
		assertThat(config.getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");
		assertThat(config.getProperty("hazelcast.graceful.shutdown.max.wait")).isEqualTo("45");
	}

	@Test
	void shouldDetectFailuresAndJoinWithinSecondsOnALan() {
		Config config = create(cluster(List.of("10.0.0.1"), null, false));

		assertThat(config.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("1");
		assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("5");
		assertThat(config.getProperty("hazelcast.wait.seconds.before.join")).isEqualTo("1");
		assertThat(config.getProperty("hazelcast.max.wait.seconds.before.join")).isEqualTo("3");
	}

	@Test
	void shouldSayInTheLogWhenTheMemberMergesAfterASplit() {
		Config config = create(cluster(List.of("10.0.0.1"), null, false));

		assertThat(config.getListenerConfigs())
			.anySatisfy((listener) -> assertThat(listener.getImplementation()).isInstanceOf(SplitMergeLog.class));
	}

	@Test
	void shouldKeepAsManySynchronousBackupsAsConfigured() {
		NodeProperties.Cluster cluster = new NodeProperties.Cluster("shop", List.of("10.0.0.1"), 5702, null, false, 2,
				0, false, NodeProperties.Serialization.NONE);

		MapConfig sessions = create(cluster).getMapConfig(SESSIONS);

		assertThat(sessions.getBackupCount()).isEqualTo(2);
		assertThat(sessions.getAsyncBackupCount()).isZero();
	}

	@Test
	void shouldBackUpSessionsSynchronouslyAndIndexThePrincipal() {
		MapConfig sessions = create(cluster(List.of("10.0.0.1"), null, false)).getMapConfig(SESSIONS);

		assertThat(sessions.getBackupCount()).isEqualTo(1);
		assertThat(sessions.getAsyncBackupCount()).isZero();
		assertThat(sessions.getAttributeConfigs()).singleElement().satisfies((attribute) -> {
			assertThat(attribute.getName()).isEqualTo(HazelcastIndexedSessionRepository.PRINCIPAL_NAME_ATTRIBUTE);
			assertThat(attribute.getExtractorClassName()).isEqualTo(PrincipalNameExtractor.class.getName());
		});
		assertThat(sessions.getIndexConfigs()).singleElement().satisfies((index) -> {
			assertThat(index.getType()).isEqualTo(IndexType.HASH);
			assertThat(index.getAttributes())
				.containsExactly(HazelcastIndexedSessionRepository.PRINCIPAL_NAME_ATTRIBUTE);
		});
	}

	@Test
	void shouldFailAWriteWhoseBackupIsNotAcknowledgedOnlyWhenAsked() {
		assertThat(create(cluster(List.of("10.0.0.1"), null, false))
			.getProperty("hazelcast.operation.fail.on.indeterminate.state")).isNull();

		Config config = create(new NodeProperties.Cluster("shop", List.of("10.0.0.1"), 5702, null, false, 1, 0, true,
				NodeProperties.Serialization.NONE));

		assertThat(config.getProperty("hazelcast.operation.fail.on.indeterminate.state")).isEqualTo("true");
		assertThat(config.getProperty("hazelcast.operation.backup.timeout.millis")).isEqualTo("5000");
	}

	@Test
	void shouldMergeSessionsByMostUpdatesAndLookForTheOtherSideEveryTenSeconds() {
		Config config = create(cluster(List.of("10.0.0.1"), null, false));

		MapConfig sessions = config.getMapConfig(SESSIONS);
		assertThat(sessions.getMergePolicyConfig().getPolicy()).isEqualTo(MostUpdatesMergePolicy.class.getName());
		assertThat(sessions.isPerEntryStatsEnabled()).isTrue();
		assertThat(config.getProperty("hazelcast.merge.first.run.delay.seconds")).isEqualTo("10");
		assertThat(config.getProperty("hazelcast.merge.next.run.delay.seconds")).isEqualTo("10");
	}

	@Test
	void shouldProtectSessionsOnlyWhenAMinimumSizeIsSet() {
		assertThat(create(cluster(List.of("10.0.0.1"), null, false)).getSplitBrainProtectionConfigs()).isEmpty();
		assertThat(
				create(cluster(List.of("10.0.0.1"), null, false)).getMapConfig(SESSIONS).getSplitBrainProtectionName())
			.isNull();

		Config config = create(new NodeProperties.Cluster("shop", List.of("10.0.0.1"), 5702, null, false, 1, 2, false,
				NodeProperties.Serialization.NONE));

		SplitBrainProtectionConfig protection = config
			.getSplitBrainProtectionConfig(HazelcastMemberConfig.MIN_SIZE_PROTECTION);
		assertThat(protection.isEnabled()).isTrue();
		assertThat(protection.getMinimumClusterSize()).isEqualTo(2);
		assertThat(protection.getProtectOn()).isEqualTo(SplitBrainProtectionOn.READ_WRITE);
		assertThat(config.getMapConfig(SESSIONS).getSplitBrainProtectionName())
			.isEqualTo(HazelcastMemberConfig.MIN_SIZE_PROTECTION);
	}

	@Test
	void shouldSerializeSessionsWithSpringSessionsSerializer() {
		Config config = create(cluster(List.of("10.0.0.1"), null, false));

		assertThat(config.getSerializationConfig().getSerializerConfigs()).singleElement()
			.satisfies((SerializerConfig serializer) -> {
				assertThat(serializer.getTypeClass()).isEqualTo(MapSession.class);
				assertThat(serializer.getImplementation()).isInstanceOf(HazelcastSessionSerializer.class);
			});
	}

	@Test
	void shouldConfigureARenamedSessionMap() {
		Config config = HazelcastMemberConfig
			.create(new NodeProperties("n1", cluster(List.of("10.0.0.1"), null, false)), "shop:sessions");

		assertThat(config.getMapConfigs()).containsKey("shop:sessions").doesNotContainKey(SESSIONS);
		assertThat(config.getMapConfig("shop:sessions").getAttributeConfigs()).hasSize(1);
	}

	@Test
	void shouldAnnounceTheNodeIdToItsPeers() {
		Config config = create(cluster(List.of("10.0.0.1"), null, false));

		assertThat(config.getMemberAttributeConfig().getAttributes())
			.containsEntry(HazelcastMemberConfig.NODE_ID_ATTRIBUTE, "n1");
	}

	private static Config create(NodeProperties.Cluster cluster) {
		return HazelcastMemberConfig.create(new NodeProperties("n1", cluster), SESSIONS);
	}

	private static NodeProperties.Cluster cluster(List<String> members, String bindInterface, boolean multicast) {
		return new NodeProperties.Cluster("shop", members, 5702, bindInterface, multicast, 1, 0, false,
				NodeProperties.Serialization.NONE);
	}

}
