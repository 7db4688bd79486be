package dev.tandem.gateway.history;

import java.util.concurrent.atomic.AtomicLong;

import dev.tandem.gateway.balancing.core.BalancerSnapshot;
import dev.tandem.gateway.balancing.core.MemberTransition;
import org.junit.jupiter.api.Test;

import static dev.tandem.gateway.history.Snapshots.member;
import static org.assertj.core.api.Assertions.assertThat;

class TrafficHistoryTests {

	private static final long START = 1_733_359_100_000L;

	private static final long ALL = Long.MIN_VALUE;

	private final AtomicLong clock = new AtomicLong(START);

	private final TrafficHistory history = new TrafficHistory(Snapshots.of(member("was1", 0), member("was2", 0)), 5,
			this.clock::get);

	@Test
	void shouldStartWithTheBalancersMembersAndStatesAndNoTicks() {
		HistorySnapshot read = this.history.after(ALL);

		assertThat(read.now()).isEqualTo(START);
		assertThat(read.sampleSeconds()).isEqualTo(5);
		assertThat(read.windowSeconds()).isEqualTo(900);
		assertThat(read.time()).isEmpty();
		assertThat(read.members()).extracting(HistorySnapshot.Member::id).containsExactly("was1", "was2");
		assertThat(read.members()).extracting(HistorySnapshot.Member::state).containsExactly("up", "up");
		assertThat(read.members().get(0).requestsPerSecond()).isEmpty();
	}

	@Test
	void shouldAlignEveryMembersSampleWithTheTickTimes() {
		tick(1, member("was1", 12.4), member("was2", 0));
		tick(2, member("was1", 13.0), member("was2", 1.0 / 3));

		HistorySnapshot read = this.history.after(ALL);
		assertThat(read.time()).containsExactly(tickTime(1), tickTime(2));
		HistorySnapshot.Member was1 = read.members().get(0);
		assertThat(was1.requestsPerSecond()).containsExactly(12.4, 13.0);
		assertThat(was1.latencyP50Millis()).containsExactly(1.02, 1.02);
		assertThat(was1.effectiveWeight()).containsExactly(1.0, 1.0);
		assertThat(was1.inFlight()).containsExactly(2, 2);
		HistorySnapshot.Member was2 = read.members().get(1);
		assertThat(was2.requestsPerSecond()).containsExactly(0.0, 0.33);
		assertThat(was2.latencyP99Millis()).containsExactly(null, 1.02);
	}

	@Test
	void shouldKeepExactlyTheLast180TicksAfterWrappingAround() {
		for (int tick = 1; tick <= 200; tick++) {
			tick(tick, member("was1", tick), member("was2", 0));
		}

		HistorySnapshot read = this.history.after(ALL);
		assertThat(read.time()).hasSize(180).startsWith(tickTime(21)).endsWith(tickTime(200));
		assertThat(read.members().get(0).requestsPerSecond()).hasSize(180).startsWith(21.0).endsWith(200.0);
		assertThat(read.members().get(1).inFlight()).hasSize(180);
	}

	@Test
	void shouldRefuseATickNotAfterTheLastOne() {
		tick(2, member("was1", 2), member("was2", 0));
		tick(2, member("was1", 99), member("was2", 0));
		tick(1, member("was1", 99), member("was2", 0));

		HistorySnapshot read = this.history.after(ALL);
		assertThat(read.time()).containsExactly(tickTime(2));
		assertThat(read.members().get(0).requestsPerSecond()).containsExactly(2.0);
	}

	@Test
	void shouldGiveAMemberAddedLaterNoFiguresBeforeItExisted() {
		tick(1, member("was1", 1), member("was2", 0));
		this.history.transitioned(new MemberTransition("was3", "absent", "up", "added to the members"));
		tick(2, member("was1", 1), member("was2", 0), member("was3", 4));

		HistorySnapshot.Member was3 = this.history.after(ALL).members().get(2);
		assertThat(was3.id()).isEqualTo("was3");
		assertThat(was3.requestsPerSecond()).containsExactly(null, 4.0);
		assertThat(was3.inFlight()).containsExactly(null, 2);
		assertThat(was3.transitions()).extracting(HistorySnapshot.Transition::reason)
			.containsExactly("added to the members");
	}

	@Test
	void shouldDropARemovedMemberWithItsHistory() {
		tick(1, member("was1", 1), member("was2", 3));
		this.history.transitioned(new MemberTransition("was2", "up", "down", "503"));
		this.history.transitioned(new MemberTransition("was2", "down", "absent", "removed from the members"));

		assertThat(this.history.after(ALL).members()).extracting(HistorySnapshot.Member::id).containsExactly("was1");
		tick(2, member("was1", 1));
		assertThat(this.history.after(ALL).members()).extracting(HistorySnapshot.Member::id).containsExactly("was1");
	}

	@Test
	void shouldNotBringBackAMemberRemovedWhileItsTickWasReadingTheBalancer() {
		BalancerSnapshot before = Snapshots.of(member("was1", 1), member("was2", 3));

		this.history.tick(tickTime(1), () -> {
			this.history.transitioned(new MemberTransition("was2", "up", "absent", "removed from the members"));
			return before;
		});

		assertThat(this.history.after(ALL).members()).extracting(HistorySnapshot.Member::id).containsExactly("was1");
	}

	@Test
	void shouldDropAMemberTheBalancerNoLongerHas() {
		tick(1, member("was1", 1), member("was2", 3));
		tick(2, member("was1", 1));

		assertThat(this.history.memberIds()).containsExactly("was1");
	}

	@Test
	void shouldFollowTheStateOfTheTransitionsAndTheTicks() {
		this.history.transitioned(new MemberTransition("was1", "up", "ejected", "3 consecutive failures"));
		assertThat(this.history.after(ALL).members().get(0).state()).isEqualTo("ejected");

		// The end of a slow start, say, is no transition: the tick tells.
		tick(1, member("was1", "slow-start", 1), member("was2", 0));
		assertThat(this.history.after(ALL).members().get(0).state()).isEqualTo("slow-start");
	}

	@Test
	void shouldKeepTheLast64TransitionsOfAMember() {
		for (int i = 1; i <= 70; i++) {
			this.clock.set(START + i);
			this.history.transitioned(new MemberTransition("was1", "up", "down", "failure " + i));
		}

		HistorySnapshot.Member was1 = this.history.after(ALL).members().get(0);
		assertThat(was1.transitions()).hasSize(64);
		assertThat(was1.transitions().get(0))
			.isEqualTo(new HistorySnapshot.Transition(START + 7, "up", "down", "failure 7"));
		assertThat(was1.transitions().get(63).reason()).isEqualTo("failure 70");
	}

	@Test
	void shouldAnswerOnlyTheTicksAndTransitionsAfterSince() {
		tick(1, member("was1", 1), member("was2", 0));
		this.clock.set(tickTime(1) + 1000);
		this.history.transitioned(new MemberTransition("was1", "up", "down", "first"));
		tick(2, member("was1", 2), member("was2", 0));
		this.clock.set(tickTime(2) + 1000);
		this.history.transitioned(new MemberTransition("was1", "down", "up", "second"));
		tick(3, member("was1", 3), member("was2", 0));

		HistorySnapshot read = this.history.after(tickTime(2));
		assertThat(read.time()).containsExactly(tickTime(3));
		assertThat(read.members().get(0).requestsPerSecond()).containsExactly(3.0);
		assertThat(read.members().get(0).transitions()).extracting(HistorySnapshot.Transition::reason)
			.containsExactly("second");
		assertThat(read.members().get(0).state()).isEqualTo("up");
		assertThat(this.history.after(tickTime(3)).time()).isEmpty();
	}

	private void tick(int tick, BalancerSnapshot.Member... members) {
		this.history.tick(tickTime(tick), () -> Snapshots.of(members));
	}

	private static long tickTime(int tick) {
		return START + tick * 5_000L;
	}

}
