package dev.tandem.gateway.balancing.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * One attempt's accounting per operation, as {@code MemberAccountingFilter} does it:
 * {@link Balancer#requestStarted}, for a sticky request {@link Balancer#stickyClientSeen}
 * (clients cycling over 4,096 keys), then {@link Balancer#requestFinished}, which also
 * counts the attempt in the member's last minute; for an answered attempt
 * ({@code SUCCESS}) and a failed one ({@code FAILED_STATUS}, ejection off so the member
 * stays in), with latencies cycling over three orders of magnitude. Run with
 * {@code ./mvnw -B -pl gateway -am -Pjmh test -DskipTests
 * -Djmh.args="BalancerAccountingBenchmark -prof gc"}; the target is 0 B/op
 * (gc.alloc.rate.norm).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BalancerAccountingBenchmark {

	/** A power of two, so the next latency is an index mask away. */
	private static final int LATENCIES = 64;

	private static final int CLIENTS = 4096;

	@Param({ "SUCCESS", "FAILED_STATUS" })
	public Outcome outcome;

	@Param({ "false", "true" })
	public boolean sticky;

	private final long[] latencies = new long[LATENCIES];

	private Balancer balancer;

	private int next;

	@Setup
	public void setUp() {
		List<MemberSpec> specs = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			specs.add(new MemberSpec("was" + i, 1, 0));
		}
		BalancingPolicy policy = new BalancingPolicy(Strategy.weightedRoundRobin(), true, Duration.ofSeconds(30), false,
				0, Duration.ZERO);
		this.balancer = new Balancer(specs, policy, System::nanoTime, ThreadLocalRandom.current(), (transition) -> {
		});
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int i = 0; i < LATENCIES; i++) {
			// 200 us to 200 ms: the buckets a real member's answers fall into.
			this.latencies[i] = 200_000L << random.nextInt(11);
		}
	}

	@Benchmark
	public void startAndFinish() {
		int attempt = this.next++;
		long latency = this.latencies[attempt & (LATENCIES - 1)];
		this.balancer.requestStarted("was1");
		if (this.sticky) {
			this.balancer.stickyClientSeen("was1", attempt & (CLIENTS - 1));
		}
		this.balancer.requestFinished("was1", latency, 2_048L, this.outcome, null);
	}

}
