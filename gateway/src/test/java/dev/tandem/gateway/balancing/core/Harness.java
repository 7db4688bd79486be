package dev.tandem.gateway.balancing.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * A balancer under test with a fake nano clock, a seeded random source and a log of the
 * transitions it reported; plumbing shared by the core's tests.
 */
final class Harness {

	final FakeClock clock = new FakeClock();

	final List<MemberTransition> transitions = Collections.synchronizedList(new ArrayList<>());

	final Balancer balancer;

	private Harness(BalancingPolicy policy, RandomGenerator random, MemberSpec... members) {
		this.balancer = new Balancer(List.of(members), policy, this.clock, random, this.transitions::add);
	}

	static Harness of(BalancingPolicy policy, MemberSpec... members) {
		return new Harness(policy, new Random(42), members);
	}

	static Harness of(BalancingPolicy policy, RandomGenerator random, MemberSpec... members) {
		return new Harness(policy, random, members);
	}

	static Harness roundRobin(MemberSpec... members) {
		return of(BalancingPolicy.of(Strategy.weightedRoundRobin()), members);
	}

	static MemberSpec member(String id, int weight, int tier) {
		return new MemberSpec(id, weight, tier);
	}

	static MemberSpec member(String id) {
		return member(id, 1, 0);
	}

	Choice choose() {
		return this.balancer.choose(RequestFacts.NONE);
	}

	Choice chooseSticky(String memberId) {
		return this.balancer.choose(RequestFacts.sticky(memberId));
	}

	List<String> choose(int times) {
		List<String> chosen = new ArrayList<>(times);
		for (int i = 0; i < times; i++) {
			chosen.add(choose().memberId());
		}
		return chosen;
	}

	Map<String, Integer> counts(int times) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (String id : choose(times)) {
			counts.merge(String.valueOf(id), 1, Integer::sum);
		}
		return counts;
	}

	BalancerSnapshot.Member snapshotOf(String memberId) {
		return this.balancer.snapshot().member(memberId).orElseThrow();
	}

	void fail(String memberId, int times) {
		for (int i = 0; i < times; i++) {
			this.balancer.requestStarted(memberId);
			this.balancer.requestFinished(memberId, 1_000, 0, Outcome.CONNECT_FAILURE, "connect refused");
		}
	}

	void succeed(String memberId) {
		this.balancer.requestStarted(memberId);
		this.balancer.requestFinished(memberId, 1_000, 0, Outcome.SUCCESS);
	}

	/** A monotonic nano clock that moves only when told, starting far from zero. */
	static final class FakeClock implements LongSupplier {

		private volatile long now = 7_000_000_000L;

		@Override
		public long getAsLong() {
			return this.now;
		}

		void advance(Duration duration) {
			this.now += duration.toNanos();
		}

	}

	/**
	 * A random source that answers {@code nextInt(bound)} from a script, for exact draws.
	 */
	static final class ScriptedRandom implements RandomGenerator {

		private final int[] script;

		private int next;

		ScriptedRandom(int... script) {
			this.script = script;
		}

		@Override
		public int nextInt(int bound) {
			int value = this.script[this.next++ % this.script.length];
			if (value >= bound) {
				throw new IllegalStateException("Scripted " + value + " is not below " + bound);
			}
			return value;
		}

		@Override
		public long nextLong() {
			throw new UnsupportedOperationException("Only nextInt(bound) is scripted");
		}

	}

}
