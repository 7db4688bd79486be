package dev.tandem.gateway.balancing.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static dev.tandem.gateway.balancing.core.Harness.member;
import static org.assertj.core.api.Assertions.assertThat;

class WeightedRoundRobinTests {

	@Test
	void shouldGiveWeightsOneAndFiveExactlyTenAndFiftyOfSixtyChoices() {
		Harness harness = Harness.roundRobin(member("a", 1, 0), member("b", 5, 0));

		List<String> chosen = harness.choose(60);

		assertThat(chosen).filteredOn("a"::equals).hasSize(10);
		assertThat(chosen).filteredOn("b"::equals).hasSize(50);
		for (int start = 0; start + 6 <= chosen.size(); start++) {
			assertThat(chosen.subList(start, start + 6)).as("window from %d", start).filteredOn("a"::equals).hasSize(1);
		}
	}

	@Test
	void shouldInterleaveTheLighterMemberRatherThanBurst() {
		Harness harness = Harness.roundRobin(member("a", 1, 0), member("b", 5, 0));

		assertThat(harness.choose(12)).containsExactly("b", "b", "a", "b", "b", "b", "b", "b", "a", "b", "b", "b");
	}

	@Test
	void shouldMarkEveryChoiceAsBalanced() {
		Harness harness = Harness.roundRobin(member("a"), member("b"));

		assertThat(harness.choose().kind()).isEqualTo(Choice.Kind.BALANCED);
	}

	@Test
	void shouldRestartTheCycleWhenTheUsableSetChanges() {
		Harness harness = Harness.roundRobin(member("a", 1, 0), member("b", 5, 0), member("c", 1, 0));
		harness.choose(4);

		harness.balancer.healthChanged("c", false, "probe failed");
		List<String> withoutC = harness.choose(6);
		harness.balancer.healthChanged("c", true, "probe passed");
		List<String> withC = harness.choose(7);

		assertThat(withoutC).containsExactly("b", "b", "a", "b", "b", "b");
		assertThat(withC).containsExactly("b", "b", "a", "b", "c", "b", "b");
	}

	@Test
	void shouldSkipAMemberThisRequestAlreadyTriedWithoutBreakingTheCycle() {
		Harness harness = Harness.roundRobin(member("a", 1, 0), member("b", 5, 0));

		Choice retry = harness.balancer.choose(new RequestFacts(null, Set.of("b")));
		List<String> after = harness.choose(60);

		assertThat(retry.memberId()).isEqualTo("a");
		assertThat(after).filteredOn("a"::equals).hasSize(10);
	}

	@Test
	void shouldKeepEachGroupsRatioWhenTwoGroupsServedByDifferentTiersAlternate() {
		// Two applications: shop on actives 1:5, blog on its standby (its active is
		// down).
		Harness harness = Harness.roundRobin(member("s1", 1, 0), member("s2", 5, 0), member("b1", 1, 0),
				member("b2", 1, 1));
		harness.balancer.healthChanged("b1", false, "probe failed");
		RequestFacts shop = new RequestFacts(null, Set.of("b1", "b2"));
		RequestFacts blog = new RequestFacts(null, Set.of("s1", "s2"));

		List<String> shopChoices = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			shopChoices.add(harness.balancer.choose(shop).memberId());
			assertThat(harness.balancer.choose(blog).memberId()).isEqualTo("b2");
		}

		assertThat(shopChoices).filteredOn("s1"::equals).hasSize(10);
		assertThat(shopChoices.subList(0, 12)).containsExactly("s2", "s2", "s1", "s2", "s2", "s2", "s2", "s2", "s1",
				"s2", "s2", "s2");
	}

	@Test
	void shouldNeverChooseAMemberOfWeightZeroForNewClients() {
		Harness harness = Harness.roundRobin(member("a", 0, 0), member("b", 1, 0));

		assertThat(harness.choose(10)).containsOnly("b");
	}

	@Test
	void shouldKeepTheExactRatioAcrossConcurrentChoosers() throws Exception {
		Harness harness = Harness.roundRobin(member("a", 1, 0), member("b", 5, 0));
		Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int thread = 0; thread < 4; thread++) {
				done.add(threads.submit(() -> {
					for (int i = 0; i < 6000; i++) {
						String id = harness.choose().memberId();
						counts.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
					}
				}));
			}
			for (Future<?> future : done) {
				future.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}

		assertThat(counts.get("a")).hasValue(4000);
		assertThat(counts.get("b")).hasValue(20000);
	}

}
