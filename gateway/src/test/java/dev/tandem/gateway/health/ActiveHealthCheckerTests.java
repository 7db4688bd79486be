package dev.tandem.gateway.health;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.MembershipChange;
import dev.tandem.gateway.member.Membership;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ActiveHealthCheckerTests {

	private static final HealthProperties DEFAULTS = new HealthProperties(true, "/actuator/health/readiness",
			Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 2, Duration.ofSeconds(1));

	private static final HealthTarget WAS1 = new HealthTarget("was1", URI.create("http://127.0.0.1:8081/ready"));

	private static final HealthTarget WAS2 = new HealthTarget("was2", URI.create("http://127.0.0.1:8082/ready"));

	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private final ScriptedProbe probe = new ScriptedProbe();

	private final List<String> transitions = new CopyOnWriteArrayList<>();

	private ActiveHealthChecker checker;

	@AfterEach
	void stop() {
		if (this.checker != null) {
			this.checker.stop();
		}
		this.scheduler.dispose();
	}

	@Test
	void shouldStartEveryMemberUpBeforeTheFirstProbe() {
		this.checker = checker(DEFAULTS, WAS1, WAS2);

		assertThat(this.checker.snapshot().members()).containsExactly(
				new MemberHealth("was1", true, null, "not checked yet", 0, 0),
				new MemberHealth("was2", true, null, "not checked yet", 0, 0));
		assertThat(this.checker.isRunning()).isFalse();
		assertThat(this.probe.calls).isEmpty();
	}

	@Test
	void shouldGoDownAfterExactlyFallConsecutiveFailures() {
		this.probe.answer(() -> Mono.just(ProbeResult.failed("503")));
		this.checker = start(DEFAULTS, WAS1);

		assertThat(this.checker.snapshot().member("was1")).hasValueSatisfying((was1) -> {
			assertThat(was1.up()).isTrue();
			assertThat(was1.consecutiveFailures()).isOne();
		});
		assertThat(this.transitions).isEmpty();

		advanceTo(2000);

		assertThat(this.checker.snapshot().member("was1"))
			.hasValue(new MemberHealth("was1", false, Instant.ofEpochMilli(2000), "503", 0, 2));
		assertThat(this.transitions).containsExactly("was1 DOWN 2 failed probes, last: 503");
		assertThat(this.probe.callTimes()).containsExactly(0L, 2000L);
	}

	@Test
	void shouldNotGoDownWhenAPassBreaksTheRunOfFailures() {
		this.probe.answers(fail("503"), pass(), fail("503"), pass(), fail("503"));
		this.checker = start(DEFAULTS, WAS1);

		advanceTo(8000);

		assertThat(this.probe.callTimes()).containsExactly(0L, 2000L, 4000L, 6000L, 8000L);
		assertThat(this.transitions).isEmpty();
		assertThat(this.checker.snapshot().anyUp()).isTrue();
	}

	@Test
	void shouldProbeEveryFastIntervalWhileDownAndComeBackAfterExactlyRisePasses() {
		this.probe.answers(fail("503"), fail("connect refused"), pass(), fail("503"), pass(), pass(), pass());
		this.checker = start(DEFAULTS, WAS1);

		advanceTo(2000);
		assertThat(this.transitions).containsExactly("was1 DOWN 2 failed probes, last: connect refused");

		// Down: one probe a second. A single pass is not enough to come back.
		advanceTo(3000);
		advanceTo(4000);
		advanceTo(5000);
		assertThat(this.checker.snapshot().anyUp()).isFalse();

		advanceTo(6000);
		assertThat(this.checker.snapshot().member("was1"))
			.hasValue(new MemberHealth("was1", true, Instant.ofEpochMilli(6000), "200", 2, 0));
		assertThat(this.transitions).containsExactly("was1 DOWN 2 failed probes, last: connect refused",
				"was1 UP 2 passed probes, last: 200");

		// Up again: back to one probe every two seconds.
		advanceTo(10000);
		assertThat(this.probe.callTimes()).containsExactly(0L, 2000L, 3000L, 4000L, 5000L, 6000L, 8000L, 10000L);
		assertThat(this.transitions).hasSize(2);
	}

	@Test
	void shouldFailAProbeThatNeverAnswersAtTheTimeoutAndCancelIt() {
		AtomicInteger cancelled = new AtomicInteger();
		this.probe.answer(() -> Mono.<ProbeResult>never().doOnCancel(cancelled::incrementAndGet));
		this.checker = start(DEFAULTS, WAS1);

		advanceTo(999);
		assertThat(this.checker.snapshot().member("was1").orElseThrow().lastCheck()).isNull();

		advanceTo(1000);
		assertThat(this.checker.snapshot().member("was1"))
			.hasValue(new MemberHealth("was1", true, Instant.ofEpochMilli(1000), "timeout after 1s", 0, 1));
		assertThat(cancelled).hasValue(1);

		// The next probe is due two seconds after the previous one started, not after
		// it timed out; once down, the fast interval applies.
		advanceTo(3000);
		assertThat(this.transitions).containsExactly("was1 DOWN 2 failed probes, last: timeout after 1s");
		assertThat(this.probe.callTimes()).containsExactly(0L, 2000L, 3000L);
	}

	@Test
	void shouldProbeAgainAtOnceWhenAProbeTookLongerThanTheFastInterval() {
		HealthProperties slowTimeout = new HealthProperties(true, "/ready", Duration.ofSeconds(2),
				Duration.ofMillis(1500), 1, 1, Duration.ofSeconds(1));
		this.probe.answer(Mono::never);
		this.checker = start(slowTimeout, WAS1);

		advanceTo(1500);
		assertThat(this.transitions).containsExactly("was1 DOWN 1 failed probe, last: timeout after 1500ms");
		assertThat(this.probe.callTimes()).containsExactly(0L, 1500L);
	}

	@Test
	void shouldCheckEachMemberOnItsOwn() {
		this.probe.answer((target) -> "was2".equals(target.memberId()) ? fail("503").get() : pass().get());
		this.checker = start(DEFAULTS, WAS1, WAS2);

		advanceTo(4000);

		assertThat(this.transitions).containsExactly("was2 DOWN 2 failed probes, last: 503");
		assertThat(this.checker.snapshot().members()).extracting(MemberHealth::memberId, MemberHealth::up)
			.containsExactly(tuple("was1", true), tuple("was2", false));
		// was1 stays on the normal interval, was2 speeds up once down.
		assertThat(this.probe.callTimes("was1")).containsExactly(0L, 2000L, 4000L);
		assertThat(this.probe.callTimes("was2")).containsExactly(0L, 2000L, 3000L, 4000L);
	}

	@Test
	void shouldCountAProbeThatThrowsAsAFailureAndKeepProbing() {
		this.probe.answer(() -> {
			throw new IllegalStateException("boom");
		});
		this.checker = start(DEFAULTS, WAS1);

		advanceTo(3000);

		assertThat(this.transitions).containsExactly("was1 DOWN 2 failed probes, last: IllegalStateException: boom");
		assertThat(this.probe.callTimes()).containsExactly(0L, 2000L, 3000L);
	}

	@Test
	void shouldKeepProbingWhenTheListenerFails() {
		this.probe.answers(fail("503"), fail("503"), pass(), pass());
		this.checker = new ActiveHealthChecker(List.of(WAS1), this.probe, DEFAULTS, (id, ready, reason) -> {
			this.transitions.add(id + (ready ? " UP" : " DOWN"));
			throw new IllegalStateException("listener bug");
		}, this.scheduler);
		this.checker.start();

		advanceTo(4000);

		assertThat(this.transitions).containsExactly("was1 DOWN", "was1 UP");
	}

	@Test
	void shouldStopProbingWhenStopped() {
		this.probe.answer(() -> Mono.just(ProbeResult.passed("200")));
		this.checker = start(DEFAULTS, WAS1);
		advanceTo(2000);

		this.checker.stop();
		advanceTo(10000);

		assertThat(this.checker.isRunning()).isFalse();
		assertThat(this.probe.callTimes()).containsExactly(0L, 2000L);
	}

	@Test
	void shouldNeverProbeWhenDisabled() {
		HealthProperties disabled = new HealthProperties(false, "/ready", Duration.ofSeconds(2), Duration.ofSeconds(1),
				2, 2, Duration.ofSeconds(1));
		this.checker = start(disabled, WAS1);

		advanceTo(10000);

		assertThat(this.checker.isRunning()).isFalse();
		assertThat(this.probe.calls).isEmpty();
		assertThat(this.checker.snapshot().members())
			.containsExactly(new MemberHealth("was1", true, null, "health checks disabled", 0, 0));
	}

	@Test
	void shouldProbeAnAddedMemberAndForgetARemovedOne() {
		Member was1 = Member.of("was1", "http://127.0.0.1:8081");
		Member was3 = Member.of("was3", "http://127.0.0.1:8083");
		this.checker = start(DEFAULTS, HealthTarget.of(was1, DEFAULTS.path()), WAS2);
		advanceTo(1000);

		this.checker.membershipChanged(
				new MembershipChange(Membership.of(List.of(was1, Member.of("was2", "http://127.0.0.1:8082"))),
						Membership.of(List.of(was1, was3))));
		advanceTo(4500);

		assertThat(this.checker.snapshot().members()).extracting(MemberHealth::memberId)
			.containsExactly("was1", "was3");
		assertThat(this.probe.callTimes("was1")).containsExactly(0L, 2000L, 4000L);
		assertThat(this.probe.callTimes("was2")).containsExactly(0L);
		assertThat(this.probe.callTimes("was3")).containsExactly(1000L, 3000L);
		assertThat(this.probe.calls).filteredOn((call) -> call.memberId().equals("was3"))
			.isNotEmpty()
			.allSatisfy(
					(call) -> assertThat(call.uri()).hasToString("http://127.0.0.1:8083/actuator/health/readiness"));
	}

	@Test
	void shouldStartAgainWhenAMemberMovesToAnotherAddress() {
		Member was1 = Member.of("was1", "http://127.0.0.1:8081");
		Member moved = Member.of("was1", "http://127.0.0.1:9081");
		this.probe.answer(() -> Mono.just(ProbeResult.failed("503")));
		this.checker = start(DEFAULTS, HealthTarget.of(was1, DEFAULTS.path()));
		advanceTo(2000);
		assertThat(this.checker.snapshot().member("was1").orElseThrow().up()).isFalse();

		this.checker
			.membershipChanged(new MembershipChange(Membership.of(List.of(was1)), Membership.of(List.of(moved))));

		// Counted afresh from the first probe at the new address, which runs at once.
		MemberHealth health = this.checker.snapshot().member("was1").orElseThrow();
		assertThat(health.up()).isTrue();
		assertThat(health.consecutiveFailures()).isEqualTo(1);
		assertThat(this.probe.calls).last()
			.satisfies((call) -> assertThat(call.uri()).hasToString("http://127.0.0.1:9081/actuator/health/readiness"));
	}

	@Test
	void shouldProbeAMemberAtOnceWhenAskedAndCountTheProbeLikeAnyOther() {
		this.probe.answer(() -> Mono.just(ProbeResult.failed("503")));
		this.checker = start(DEFAULTS, WAS1, WAS2);
		advanceTo(500);

		assertThat(this.checker.probeNow("was1")).isTrue();

		// The second failed probe in a row: down, and probed every fast interval from it.
		assertThat(this.transitions).containsExactly("was1 DOWN 2 failed probes, last: 503");
		advanceTo(2500);
		assertThat(this.probe.callTimes("was1")).containsExactly(0L, 500L, 1500L, 2500L);
		assertThat(this.probe.callTimes("was2")).containsExactly(0L, 2000L);
	}

	@Test
	void shouldCancelAProbeStillRunningRatherThanProbeTwiceAtOnce() {
		AtomicInteger cancelled = new AtomicInteger();
		this.probe.answers(() -> Mono.<ProbeResult>never().doOnCancel(cancelled::incrementAndGet), pass());
		this.checker = start(DEFAULTS, WAS1);
		advanceTo(300);

		assertThat(this.checker.probeNow("was1")).isTrue();

		assertThat(cancelled).hasValue(1);
		assertThat(this.checker.snapshot().member("was1"))
			.hasValue(new MemberHealth("was1", true, Instant.ofEpochMilli(300), "200", 1, 0));
		advanceTo(2300);
		assertThat(this.probe.callTimes()).containsExactly(0L, 300L, 2300L);
	}

	@Test
	void shouldProbeNoMemberNowThatIsNotChecked() {
		this.checker = checker(DEFAULTS, WAS1);
		assertThat(this.checker.probeNow("was1")).isFalse();

		this.checker.start();
		assertThat(this.checker.probeNow("was9")).isFalse();

		this.checker.stop();
		assertThat(this.checker.probeNow("was1")).isFalse();
		assertThat(this.probe.callTimes()).containsExactly(0L);
	}

	@Test
	void shouldProbeNoMemberNowWhenDisabled() {
		HealthProperties disabled = new HealthProperties(false, "/ready", Duration.ofSeconds(2), Duration.ofSeconds(1),
				2, 2, Duration.ofSeconds(1));
		this.checker = start(disabled, WAS1);

		assertThat(this.checker.probeNow("was1")).isFalse();
		assertThat(this.probe.calls).isEmpty();
	}

	@Test
	void shouldProbeEveryMemberThatIsUpAtOnceAndTellTheSnapshot() {
		List<MemberHealthSnapshot> told = new CopyOnWriteArrayList<>();
		this.probe.answer((target) -> Mono.just(
				target.memberId().equals("was2") ? ProbeResult.failed("connect refused") : ProbeResult.passed("200")));
		this.checker = new ActiveHealthChecker(List.of(WAS1, WAS2), this.probe, DEFAULTS, new MemberHealthListener() {

			@Override
			public void healthChanged(String memberId, boolean ready, String reason) {
			}

			@Override
			public void probed(MemberHealthSnapshot snapshot) {
				told.add(snapshot);
			}

		}, this.scheduler);
		this.checker.start();
		advanceTo(2000);
		assertThat(this.checker.snapshot().member("was2").map(MemberHealth::up)).hasValue(false);
		int callsBefore = this.probe.calls.size();

		MemberHealthSnapshot after = this.checker.probeAllNow().block(Duration.ofSeconds(1));

		// The down member is left to its schedule: a dead one would only make the round
		// wait.
		assertThat(this.probe.calls.subList(callsBefore, this.probe.calls.size()))
			.extracting(ScriptedProbe.Call::memberId)
			.containsExactly("was1");
		assertThat(after.member("was1").map(MemberHealth::consecutivePasses)).hasValue(3);
		assertThat(told.get(told.size() - 1)).isEqualTo(after);
	}

	private ActiveHealthChecker checker(HealthProperties properties, HealthTarget... targets) {
		return new ActiveHealthChecker(List.of(targets), this.probe, properties,
				(id, ready, reason) -> this.transitions.add(id + (ready ? " UP " : " DOWN ") + reason), this.scheduler);
	}

	private ActiveHealthChecker start(HealthProperties properties, HealthTarget... targets) {
		ActiveHealthChecker started = checker(properties, targets);
		started.start();
		return started;
	}

	private void advanceTo(long millis) {
		this.scheduler.advanceTimeTo(Instant.ofEpochMilli(millis));
	}

	private static Supplier<Mono<ProbeResult>> pass() {
		return () -> Mono.just(ProbeResult.passed("200"));
	}

	private static Supplier<Mono<ProbeResult>> fail(String reason) {
		return () -> Mono.just(ProbeResult.failed(reason));
	}

	/** A probe whose answers the test chooses, recording when each member was probed. */
	private final class ScriptedProbe implements Function<HealthTarget, Mono<ProbeResult>> {

		record Call(String memberId, URI uri, long at) {
		}

		final List<Call> calls = new CopyOnWriteArrayList<>();

		private Function<HealthTarget, Mono<ProbeResult>> answer = (target) -> Mono.just(ProbeResult.passed("200"));

		void answer(Supplier<Mono<ProbeResult>> answer) {
			this.answer = (target) -> answer.get();
		}

		void answer(Function<HealthTarget, Mono<ProbeResult>> answer) {
			this.answer = answer;
		}

		@SafeVarargs
		final void answers(Supplier<Mono<ProbeResult>>... answers) {
			AtomicInteger next = new AtomicInteger();
			this.answer = (target) -> answers[Math.min(next.getAndIncrement(), answers.length - 1)].get();
		}

		@Override
		public Mono<ProbeResult> apply(HealthTarget target) {
			this.calls.add(new Call(target.memberId(), target.uri(),
					ActiveHealthCheckerTests.this.scheduler.now(TimeUnit.MILLISECONDS)));
			return this.answer.apply(target);
		}

		List<Long> callTimes() {
			return this.calls.stream().map(Call::at).toList();
		}

		List<Long> callTimes(String memberId) {
			return this.calls.stream().filter((call) -> call.memberId().equals(memberId)).map(Call::at).toList();
		}

	}

}
