package dev.tandem.session;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.LifecycleService;
import com.hazelcast.map.IMap;
import com.hazelcast.map.LocalMapStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * The session counts come from the sessions map's local statistics, read in the
 * background, never from a stopped member, and are -1 whenever they cannot be read.
 */
class SessionCountProbeTests {

	private static final Duration INTERVAL = Duration.ofMillis(20);

	private final LifecycleService lifecycle = mock(LifecycleService.class);

	private final HazelcastInstance hazelcast = mock(HazelcastInstance.class);

	private final CountDownLatch statsAnswer = new CountDownLatch(1);

	private SessionCountProbe probe;

	@AfterEach
	void close() {
		this.statsAnswer.countDown();
		if (this.probe != null) {
			this.probe.close();
		}
	}

	@Test
	void shouldCountPrimaryCopiesAndBackupsOfARunningMember() {
		given(this.lifecycle.isRunning()).willReturn(true);
		givenSessionsMapWithStats(3, 2);

		this.probe = probe();

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.probe.counts()).isEqualTo(new SessionCountProbe.Counts(3, 2)));
	}

	@Test
	void shouldNeverAskAStoppedMemberForTheSessionsMap() throws InterruptedException {
		given(this.lifecycle.isRunning()).willReturn(false);

		this.probe = probe();
		Thread.sleep(INTERVAL.toMillis() * 5);

		assertThat(this.probe.counts()).isEqualTo(SessionCountProbe.Counts.UNKNOWN);
		verify(this.hazelcast, never()).getMap(anyString());
	}

	@Test
	void shouldReportUnknownCountsWhenTheMapCannotBeRead() throws InterruptedException {
		given(this.lifecycle.isRunning()).willReturn(true);
		given(this.hazelcast.getMap("sessions")).willThrow(new HazelcastInstanceNotActiveException());

		this.probe = probe();
		Thread.sleep(INTERVAL.toMillis() * 5);

		assertThat(this.probe.counts()).isEqualTo(SessionCountProbe.Counts.UNKNOWN);
		assertThat(this.probe.counts().owned()).isEqualTo(-1);
	}

	@Test
	void countsShouldNotWaitForASlowStatisticsRead() {
		given(this.lifecycle.isRunning()).willReturn(true);
		LocalMapStats stats = givenSessionsMapWithStats(4, 1);
		given(stats.getOwnedEntryCount()).will((invocation) -> {
			this.statsAnswer.await(30, TimeUnit.SECONDS);
			return 4L;
		});

		this.probe = probe();

		assertThat(assertTimeoutPreemptively(Duration.ofSeconds(5), this.probe::counts))
			.isEqualTo(SessionCountProbe.Counts.UNKNOWN);
		this.statsAnswer.countDown();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.probe.counts()).isEqualTo(new SessionCountProbe.Counts(4, 1)));
	}

	private SessionCountProbe probe() {
		given(this.hazelcast.getLifecycleService()).willReturn(this.lifecycle);
		return new SessionCountProbe(this.hazelcast, "sessions", INTERVAL);
	}

	private LocalMapStats givenSessionsMapWithStats(long owned, long backup) {
		LocalMapStats stats = mock(LocalMapStats.class);
		given(stats.getOwnedEntryCount()).willReturn(owned);
		given(stats.getBackupEntryCount()).willReturn(backup);
		IMap<Object, Object> sessions = mock();
		given(sessions.getLocalMapStats()).willReturn(stats);
		given(this.hazelcast.getMap("sessions")).willReturn(sessions);
		return stats;
	}

}
