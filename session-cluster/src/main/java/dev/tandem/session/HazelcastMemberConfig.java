package dev.tandem.session;

import com.hazelcast.config.AttributeConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;

import org.springframework.session.MapSession;
import org.springframework.session.hazelcast.HazelcastIndexedSessionRepository;
import org.springframework.session.hazelcast.HazelcastSessionSerializer;
import org.springframework.session.hazelcast.PrincipalNameExtractor;

/**
 * Turns {@code tandem.node.*} into the embedded member's Hazelcast {@link Config}: TCP/IP
 * join with the listed members (or multicast when asked), nothing discovered on its own,
 * nothing sent off the machine, and timings short enough for a LAN.
 */
final class HazelcastMemberConfig {

	/** Member attribute carrying the node id, so every member can name its peers. */
	static final String NODE_ID_ATTRIBUTE = "tandem.node.id";

	/**
	 * Tomcat's DeltaManager default group, kept so a migrated network needs no change.
	 */
	static final String MULTICAST_GROUP = "228.0.0.4";

	static final int MULTICAST_PORT = 45564;

	/**
	 * The split-brain protection guarding the session map when
	 * {@code tandem.node.cluster.min-size} is set.
	 */
	static final String MIN_SIZE_PROTECTION = "tandem-sessions-min-size";

	/**
	 * Hazelcast's property for the one address a member binds and advertises (it has no
	 * constant in {@link ClusterProperty}).
	 */
	static final String LOCAL_ADDRESS = "hazelcast.local.localAddress";

	private HazelcastMemberConfig() {
	}

	/**
	 * Build the member configuration.
	 * @param node the node's properties
	 * @param sessionMapName the map Spring Session stores sessions in
	 * @return a new configuration
	 */
	static Config create(NodeProperties node, String sessionMapName) {
		NodeProperties.Cluster cluster = node.cluster();
		Config config = new Config();
		config.setClusterName(cluster.name());
		config.getMemberAttributeConfig().setAttribute(NODE_ID_ATTRIBUTE, node.id());
		applyNetwork(config, cluster);
		applyTimings(config);
		applySessionMap(config, sessionMapName, cluster.backupCount());
		applySplitBrain(config, sessionMapName, cluster.minSize());
		if (cluster.failUnconfirmedWrites()) {
			// When an ack does not come (the backup's member crashed, froze or left),
			// fail the write with an IndeterminateOperationStateException instead of
			// Hazelcast's default, which reports success with the primary copy alone;
			// ConfirmedWriteSessionRepository then tries it again.
			config.setProperty(ClusterProperty.FAIL_ON_INDETERMINATE_OPERATION_STATE.getName(), "true");
		}
		DeserializationAllowList.apply(config, cluster.serialization());
		// The member never calls home, and logs through SLF4J like the rest of the node.
		config.setProperty(ClusterProperty.PHONE_HOME_ENABLED.getName(), "false");
		config.setProperty(ClusterProperty.LOGGING_TYPE.getName(), "slf4j");
		// Spring closes the HazelcastInstance bean (a graceful shutdown) after the web
		// server has drained; Hazelcast's own JVM hook would race that and terminate it.
		config.setProperty(ClusterProperty.SHUTDOWNHOOK_ENABLED.getName(), "false");
		// A graceful shutdown waits for its partitions to be handed off, by default up to
		// 600 s. Small session maps migrate in seconds; 45 s keeps drain wait (5 s) + web
		// drain (20 s) + hand-off (45 s) under systemd's 90 s stop timeout, so the node
		// is never SIGKILLed mid-hand-off.
		config.setProperty(ClusterProperty.GRACEFUL_SHUTDOWN_MAX_WAIT.getName(), "45");
		// Last: it copies the finished network settings into the member-only endpoint.
		MemberOnlyEndpoint.apply(config);
		return config;
	}

	private static void applyNetwork(Config config, NodeProperties.Cluster cluster) {
		NetworkConfig network = config.getNetworkConfig();
		// A taken port must fail start-up: the gateway and peers expect exactly this one.
		network.setPort(cluster.port()).setPortAutoIncrement(false);
		if (cluster.bindInterface() != null) {
			if (isSingleAddress(cluster.bindInterface())) {
				// Not as an interface: Hazelcast's TCP/IP joiner keeps only those
				// addresses of a member given by host name that match the interfaces,
				// so a single address there drops every peer named by host name.
				config.setProperty(LOCAL_ADDRESS, cluster.bindInterface());
			}
			else {
				network.getInterfaces().setEnabled(true).addInterface(cluster.bindInterface());
			}
			// Listen on that address only, not on every interface of the machine.
			config.setProperty(ClusterProperty.SOCKET_BIND_ANY.getName(), "false");
		}
		JoinConfig join = network.getJoin();
		// Cloud and Kubernetes discovery would probe the network on start; the peers are
		// listed instead.
		join.getAutoDetectionConfig().setEnabled(false);
		if (cluster.multicast()) {
			join.getTcpIpConfig().setEnabled(false);
			join.getMulticastConfig()
				.setEnabled(true)
				.setMulticastGroup(MULTICAST_GROUP)
				.setMulticastPort(MULTICAST_PORT);
		}
		else {
			join.getMulticastConfig().setEnabled(false);
			// One second is plenty for a connect on a LAN and lets a node whose peers are
			// all down give up on them and start alone quickly.
			join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members()).setConnectionTimeoutSeconds(1);
		}
	}

	// An address, not a pattern such as 10.0.0.* or 10.0.0.1-9.
	static boolean isSingleAddress(String bindInterface) {
		return !bindInterface.contains("*") && !(bindInterface.indexOf('-') > 0);
	}

	private static void applyTimings(Config config) {
		// Heartbeat every second; a member silent for 5 s is removed. On a LAN that only
		// happens to a dead or frozen member, and its sessions have backups elsewhere.
		config.setProperty(ClusterProperty.HEARTBEAT_INTERVAL_SECONDS.getName(), "1");
		config.setProperty(ClusterProperty.MAX_NO_HEARTBEAT_SECONDS.getName(), "5");
		// The master batches joiners for this long; the defaults (5 s, up to 20 s) suit
		// big clusters starting at once, not two or three boards.
		config.setProperty(ClusterProperty.WAIT_SECONDS_BEFORE_JOIN.getName(), "1");
		config.setProperty(ClusterProperty.MAX_WAIT_SECONDS_BEFORE_JOIN.getName(), "3");
		// A write waits for its synchronous backups' acks, at most as long as it takes to
		// declare a silent member dead.
		config.setProperty(ClusterProperty.OPERATION_BACKUP_TIMEOUT_MILLIS.getName(), "5000");
	}

	private static void applySessionMap(Config config, String sessionMapName, int backupCount) {
		MapConfig sessions = config.getMapConfig(sessionMapName);
		// Synchronous backups (1 by default): a session survives the loss of that many
		// members at once.
		sessions.setBackupCount(backupCount).setAsyncBackupCount(0);
		// Lets Spring Session find a user's sessions by principal name.
		sessions
			.addAttributeConfig(new AttributeConfig(HazelcastIndexedSessionRepository.PRINCIPAL_NAME_ATTRIBUTE,
					PrincipalNameExtractor.class.getName()))
			.addIndexConfig(
					new IndexConfig(IndexType.HASH, HazelcastIndexedSessionRepository.PRINCIPAL_NAME_ATTRIBUTE));
		// After a split heals, each session keeps the copy written more often since the
		// split, and on a tie the one written last (version and last-update time need
		// per-entry statistics). Hazelcast's LatestUpdateMergePolicy would let a member
		// whose clock runs ahead win with an older copy; the default, PutIfAbsent, would
		// drop the smaller side's changes to sessions both sides hold.
		sessions.setPerEntryStatsEnabled(true)
			.setMergePolicyConfig(new MergePolicyConfig().setPolicy(MostUpdatesMergePolicy.class.getName()));
		// Faster than Java serialization of MapSession; every member must register it.
		config.getSerializationConfig()
			.addSerializerConfig(new SerializerConfig().setImplementation(new HazelcastSessionSerializer())
				.setTypeClass(MapSession.class));
	}

	private static void applySplitBrain(Config config, String sessionMapName, int minSize) {
		// Look for the other side of a split every 10 s from 10 s after start, not after
		// Hazelcast's 300 s / 120 s: on a LAN a healed split then merges within seconds,
		// and the probe is one connection attempt per listed member.
		config.setProperty(ClusterProperty.MERGE_FIRST_RUN_DELAY_SECONDS.getName(), "10");
		config.setProperty(ClusterProperty.MERGE_NEXT_RUN_DELAY_SECONDS.getName(), "10");
		config.addListenerConfig(new ListenerConfig(new SplitMergeLog()));
		if (minSize == 0) {
			return;
		}
		// A side smaller than min-size refuses session reads and writes (the request
		// fails) instead of serving copies that diverge and are overwritten at the merge.
		config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(MIN_SIZE_PROTECTION, true, minSize)
			.setProtectOn(SplitBrainProtectionOn.READ_WRITE));
		config.getMapConfig(sessionMapName).setSplitBrainProtectionName(MIN_SIZE_PROTECTION);
	}

}
