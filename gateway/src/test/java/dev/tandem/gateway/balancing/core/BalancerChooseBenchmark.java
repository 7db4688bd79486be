package dev.tandem.gateway.balancing.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One {@link Balancer#choose} per operation, for each strategy, with 3 and 16 members, a
 * first attempt without and with affinity, chosen with the gateway's policy or with a
 * group's own (the strategy under test, while the gateway's is another one). Members are
 * in two tiers (the last one a standby) with mixed weights, and carry latency and byte
 * counts, so each strategy does its real work. Run with
 * {@code ./mvnw -B -pl gateway -am -Pjmh test -DskipTests}; the target is under 200 ns
 * and 0 B/op (gc.alloc.rate.norm).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BalancerChooseBenchmark {

	@Param({ "weighted-round-robin", "least-busy", "p2c-latency", "traffic" })
	public String strategy;

	@Param({ "3", "16" })
	public int members;

	@Param({ "false", "true" })
	public boolean affinity;

	@Param({ "false", "true" })
	public boolean group;

	private Balancer balancer;

	private RequestFacts facts;

	@Setup
	public void setUp() {
		List<MemberSpec> specs = new ArrayList<>();
		for (int i = 0; i < this.members; i++) {
			specs.add(new MemberSpec("was" + i, 1 + i % 3, (i == this.members - 1) ? 1 : 0));
		}
		Strategy tested = Strategy.named(this.strategy);
		// With a group, the gateway's own strategy is another one, so the group's picker
		// is not the roster's first.
		Strategy gateways = (!this.group) ? tested
				: (tested == Strategy.weightedRoundRobin()) ? Strategy.leastBusy() : Strategy.weightedRoundRobin();
		BalancingPolicy policy = new BalancingPolicy(gateways, true, Duration.ofSeconds(30), false, 3,
				Duration.ofSeconds(10));
		if (this.group) {
			policy = policy.withGroups(Map.of("shop", new GroupPolicy(tested, false)));
		}
		this.balancer = new Balancer(specs, policy, System::nanoTime, ThreadLocalRandom.current(), (transition) -> {
		});
		for (int i = 0; i < this.members; i++) {
			String id = "was" + i;
			for (int sample = 0; sample < 4; sample++) {
				this.balancer.requestStarted(id);
				this.balancer.requestFinished(id, 1_000_000L * (1 + (i + sample) % 5), 2_048L * (i + 1),
						Outcome.SUCCESS);
			}
			if (i % 2 == 0) {
				this.balancer.requestStarted(id);
			}
		}
		GroupPolicy own = this.group ? policy.group("shop") : null;
		this.facts = new RequestFacts(this.affinity ? "was1" : null, Set.of(), own);
	}

	@Benchmark
	public Choice choose() {
		return this.balancer.choose(this.facts);
	}

}
