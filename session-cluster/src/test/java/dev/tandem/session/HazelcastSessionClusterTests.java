package dev.tandem.session;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.ClusterState;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleService;
import com.hazelcast.map.IMap;
import com.hazelcast.map.LocalMapStats;
import com.hazelcast.partition.PartitionService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The cluster state a health check reads never waits for Hazelcast's partition safety
 * questions, which block for seconds right after a peer dies.
 */
class HazelcastSessionClusterTests {

	private final CountDownLatch safetyAnswers = new CountDownLatch(1);

	private HazelcastSessionCluster cluster;

	@AfterEach
	void close() {
		this.safetyAnswers.countDown();
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	@Test
	void stateShouldNotWaitForBlockedSafetyChecksAndShouldFollowThemOnceTheyAnswer() {
		HazelcastInstance hazelcast = memberWhoseSafetyChecksBlockUntilReleased();
		this.cluster = new HazelcastSessionCluster(hazelcast, 0,
				new PartitionSafetyProbe(hazelcast, Duration.ofMillis(20)),
				new SessionCountProbe(hazelcast, "sessions", Duration.ofMillis(20)));

		SessionClusterState blocked = assertTimeoutPreemptively(Duration.ofSeconds(5), this.cluster::state);
		assertThat(blocked.joined()).isTrue();
		assertThat(blocked.members()).hasSize(1);
		assertThat(blocked.settled()).isFalse();
		assertThat(blocked.localMemberSafe()).isFalse();
		assertThat(blocked.clusterSafe()).isFalse();
		assertThat(blocked.ready()).isFalse();

		this.safetyAnswers.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.cluster.state().ready());
		SessionClusterState answered = this.cluster.state();
		assertThat(answered.localMemberSafe()).isTrue();
		assertThat(answered.clusterSafe()).isTrue();
		assertThat(answered.ownedSessions()).isEqualTo(3);
		assertThat(answered.backupSessions()).isEqualTo(2);
	}

	private HazelcastInstance memberWhoseSafetyChecksBlockUntilReleased() {
		Member local = mock(Member.class);
		given(local.getSocketAddress()).willReturn(new InetSocketAddress("127.0.0.1", 5701));
		given(local.localMember()).willReturn(true);
		Cluster cluster = mock(Cluster.class);
		given(cluster.getLocalMember()).willReturn(local);
		given(cluster.getMembers()).willReturn(Set.of(local));
		given(cluster.getClusterState()).willReturn(ClusterState.ACTIVE);
		PartitionService partitions = mock(PartitionService.class);
		given(partitions.isClusterSafe()).will((invocation) -> awaitRelease());
		given(partitions.isLocalMemberSafe()).will((invocation) -> awaitRelease());
		LifecycleService lifecycle = mock(LifecycleService.class);
		given(lifecycle.isRunning()).willReturn(true);
		LocalMapStats stats = mock(LocalMapStats.class);
		given(stats.getOwnedEntryCount()).willReturn(3L);
		given(stats.getBackupEntryCount()).willReturn(2L);
		IMap<Object, Object> sessions = mock();
		given(sessions.getLocalMapStats()).willReturn(stats);
		HazelcastInstance hazelcast = mock(HazelcastInstance.class);
		given(hazelcast.getLifecycleService()).willReturn(lifecycle);
		given(hazelcast.getCluster()).willReturn(cluster);
		given(hazelcast.getPartitionService()).willReturn(partitions);
		given(hazelcast.getMap("sessions")).willReturn(sessions);
		return hazelcast;
	}

	private boolean awaitRelease() throws InterruptedException {
		return this.safetyAnswers.await(30, TimeUnit.SECONDS);
	}

}
