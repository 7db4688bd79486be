package dev.tandem.deploy.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.tandem.deploy.RequiresContainerEngine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * F11 on the container topology: under load, every was-node in turn gets SIGTERM (a
 * graceful stop: readiness down, drain, hand-off), is started again and is back in the
 * gateway's rotation before the next one. No request may fail and no session be lost.
 */
@RequiresContainerEngine
class RollingRestartIT {

	private static final String SCENARIO = "F11 rolling restart of every was-node under load";

	@Test
	void shouldFailNoRequestAndLoseNoSessionWhileEveryNodeRestartsInTurn() throws Exception {
		Topology topology = Topology.shared();
		Gateway gateway = topology.gateway();
		Load load = Load.start(gateway, Load.Shape.standard());
		Thread.sleep(2000);

		long begin = System.nanoTime();
		Duration slowestDetect = Duration.ZERO;
		Duration slowestRecover = Duration.ZERO;
		List<String> restarts = new ArrayList<>();
		for (TandemContainer node : topology.nodes()) {
			long stop = System.nanoTime();
			Duration exited = node.terminate();
			Duration detect = gateway.awaitMemberState(node.name(), (state) -> !state.equals("up"), stop,
					Duration.ofSeconds(30));
			node.restart(Topology.START_TIMEOUT);
			Duration recover = gateway.awaitMemberState(node.name(),
					(state) -> state.equals("up") || state.equals("slow-start"), stop, Duration.ofSeconds(60));
			restarts.add(String.format("%s: exited %d ms after SIGTERM, out of rotation after %d ms, back after %d ms",
					node.name(), exited.toMillis(), detect.toMillis(), recover.toMillis()));
			slowestDetect = max(slowestDetect, detect);
			slowestRecover = max(slowestRecover, recover);
		}
		long end = System.nanoTime();
		Thread.sleep(2000);
		LoadResult result = load.stop();

		System.out.println("F11: " + result.summary());
		restarts.forEach(System.out::println);
		result.failures().forEach(System.out::println);
		ReliabilityReport.add(ReliabilityReport.Row.of(SCENARIO, result, result.p99(begin, end), slowestDetect,
				slowestRecover, "slowest node of 3; " + Duration.ofNanos(end - begin).toSeconds() + " s in all"));

		assertThat(result.failedRequests()).as("failed requests; problems seen: %s", result.failures()).isZero();
		assertThat(result.sessionsLost()).as("sessions lost; problems seen: %s", result.failures()).isZero();
		assertThat(result.lostIncrements()).as("acknowledged increments lost; problems seen: %s", result.failures())
			.isZero();
		assertThat(result.sessionRequestsAnswered()).as("session requests answered").isGreaterThan(300);
		topology.awaitSteady();
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

}
