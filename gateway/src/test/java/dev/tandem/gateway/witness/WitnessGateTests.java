package dev.tandem.gateway.witness;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.tandem.gateway.health.MemberHealth;
import dev.tandem.gateway.health.MemberHealthSnapshot;
import dev.tandem.gateway.health.SessionClusterView;
import dev.tandem.gateway.health.SessionClusterView.ClusterMember;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

class WitnessGateTests {

	private static final WitnessProperties ON = new WitnessProperties(true, Duration.ofMillis(1000),
			Duration.ofMillis(250));

	private final List<String> told = new ArrayList<>();

	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private final AtomicInteger rounds = new AtomicInteger();

	private WitnessGate gate;

	@AfterEach
	void dispose() {
		this.scheduler.dispose();
	}

	@Test
	void shouldTellTheBalancerAMemberTheWitnessExcludesAndLetsBack() {
		this.gate = gate(ON, () -> Mono.empty());

		this.gate.probed(snapshot(up("was1", "a", "A"), up("was2", "bc", "B", "C"), up("was3", "bc", "C", "B")));
		this.gate.probed(snapshot(up("was1", "abc", "A", "B", "C"), up("was2", "abc", "B", "A", "C"),
				up("was3", "abc", "C", "A", "B")));

		assertThat(this.told).containsExactly(
				"was1 false witness: its cluster view (1 member) lost to the view of was2, was3 (2 members)",
				"was1 true witness: in the winning view");
	}

	@Test
	void shouldTellHealthChangesWithTheHealthChecksReason() {
		this.gate = gate(ON, () -> Mono.empty());

		this.gate.probed(snapshot(down("was1"), up("was2", "b", "B")));

		assertThat(this.told).containsExactly("was1 false 2 failed probes, last: connect refused");
	}

	@Test
	void shouldExcludeNobodyWhenOff() {
		this.gate = gate(new WitnessProperties(false, Duration.ofSeconds(3), Duration.ofMillis(250)),
				() -> Mono.empty());

		this.gate.probed(snapshot(up("was1", "a", "A"), up("was2", "bc", "B", "C"), up("was3", "bc", "C", "B")));

		assertThat(this.told).isEmpty();
		StepVerifier.create(this.gate.confirm("was1", "a")).expectNext(true).verifyComplete();
	}

	@Test
	void shouldPassOnAnAnswerOfTheWinningViewWithoutProbing() {
		this.gate = gate(ON, countingRounds(() -> {
		}));
		this.gate.probed(snapshot(up("was1", "ab", "A", "B"), up("was2", "ab", "B", "A")));

		StepVerifier.create(this.gate.confirm("was1", "ab")).expectNext(true).verifyComplete();
		assertThat(this.rounds).hasValue(0);
	}

	@Test
	void shouldPassOnAnAnswerOfANewViewOnceTheProbesShowItWon() {
		this.gate = gate(ON, countingRounds(
				() -> this.gate.probed(snapshot(up("was1", "abd", "A", "B", "D"), up("was2", "abd", "B", "A", "D")))));
		this.gate.probed(snapshot(up("was1", "ab", "A", "B"), up("was2", "ab", "B", "A")));

		StepVerifier.create(this.gate.confirm("was1", "abd")).expectNext(true).verifyComplete();
		assertThat(this.rounds).hasValue(1);
	}

	@Test
	void shouldRefuseAnAnswerOfAViewThatNeverWinsAfterTheConfirmTimeout() {
		// was1's probes still show the old view: it lags, so it is given every round.
		this.gate = gate(ON, countingRounds(() -> {
		}));
		this.gate.probed(snapshot(up("was1", "ab", "A", "B"), up("was2", "ab", "B", "A")));

		StepVerifier.withVirtualTime(() -> this.gate.confirm("was1", "a-alone"), () -> this.scheduler, 1)
			.thenAwait(Duration.ofSeconds(2))
			.expectNext(false)
			.verifyComplete();
		assertThat(this.rounds).hasValue(4);
	}

	@Test
	void shouldRefuseAtOnceAnAnswerOfAMemberTheWitnessExcludes() {
		this.gate = gate(ON, countingRounds(() -> this.gate
			.probed(snapshot(up("was1", "a", "A"), up("was2", "bc", "B", "C"), up("was3", "bc", "C", "B")))));
		this.gate.probed(snapshot(up("was1", "abc", "A", "B", "C"), up("was2", "abc", "B", "A", "C"),
				up("was3", "abc", "C", "A", "B")));

		StepVerifier.create(this.gate.confirm("was1", "a")).expectNext(false).verifyComplete();
		assertThat(this.rounds).hasValue(1);
	}

	private WitnessGate gate(WitnessProperties properties, Supplier<Mono<MemberHealthSnapshot>> probeAll) {
		return new WitnessGate(properties, (id, serves, reason) -> this.told.add(id + " " + serves + " " + reason),
				probeAll, this.scheduler);
	}

	private Supplier<Mono<MemberHealthSnapshot>> countingRounds(Runnable round) {
		return () -> Mono.fromSupplier(() -> {
			this.rounds.incrementAndGet();
			round.run();
			return new MemberHealthSnapshot(List.of());
		});
	}

	private static MemberHealthSnapshot snapshot(MemberHealth... members) {
		return new MemberHealthSnapshot(List.of(members));
	}

	private static MemberHealth up(String id, String viewId, String self, String... others) {
		List<ClusterMember> members = new ArrayList<>();
		members.add(new ClusterMember(self, id, true));
		for (String other : others) {
			members.add(new ClusterMember(other, null, false));
		}
		return new MemberHealth(id, true, Instant.EPOCH, "200", 3, 0, 2,
				new SessionClusterView(members.size(), members, true, true, 0, 0, viewId));
	}

	private static MemberHealth down(String id) {
		return new MemberHealth(id, false, Instant.EPOCH, "connect refused", 0, 2, -1, null);
	}

}
