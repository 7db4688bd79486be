package dev.tandem.deploy.topology;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.tandem.deploy.RequiresContainerEngine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * F8 on the container topology: under load, the gateway is stopped gracefully (SIGTERM)
 * and started again, then killed ({@code kill -9}) and started again. Requests fail only
 * while it is down (nothing answers its port); afterwards every session client is served
 * by the same member as before, from its affinity cookie alone (the gateway keeps no
 * state), with its session and count intact. The graceful stop drains: requests in flight
 * at the SIGTERM are answered, including a POST whose body is still arriving (which the
 * was-node answers before reading it, so the gateway closes that connection lingering).
 */
@RequiresContainerEngine
class GatewayRestartIT {

	private static final String SCENARIO = "F8 gateway restarted under load: SIGTERM, then kill -9";

	/**
	 * A request body dribbled over this long keeps a request in flight at the SIGTERM.
	 */
	private static final int SLOW_BODY_CHUNKS = 8;

	private static final Duration SLOW_BODY_PAUSE = Duration.ofMillis(400);

	@Test
	void shouldRestoreAffinityFromTheCookiesAndDrainInFlightRequestsOnAGracefulStop() throws Exception {
		Topology topology = Topology.shared();
		Gateway gateway = topology.gateway();
		TandemContainer pi1 = gateway.container();
		Load load = Load.start(gateway, Load.Shape.standard());
		Thread.sleep(2000);
		Map<Integer, String> before = nodes(load);

		// Graceful: a slow request is in flight when SIGTERM arrives.
		CompletableFuture<HttpResponse<String>> inFlight = Load.HTTP
			.sendAsync(HttpRequest.newBuilder(gateway.publicUri().resolve("/session"))
				.timeout(Duration.ofSeconds(30))
				.POST(HttpRequest.BodyPublishers.ofInputStream(SlowBody::new))
				.build(), HttpResponse.BodyHandlers.ofString());
		Thread.sleep(SLOW_BODY_PAUSE.toMillis() * 2);
		long graceful = System.nanoTime();
		Duration stopped = pi1.terminate();
		gateway.restart(Topology.START_TIMEOUT);
		long gracefulBack = System.nanoTime();
		String drained = answer(inFlight);
		Map<Integer, String> afterGraceful = nodesOnceAnsweredAgain(load);

		// Crash: no drain, nothing written anywhere.
		long crash = System.nanoTime();
		pi1.kill();
		gateway.restart(Topology.START_TIMEOUT);
		long crashBack = System.nanoTime();
		Map<Integer, String> afterCrash = nodesOnceAnsweredAgain(load);
		LoadResult result = load.stop();

		// Requests in flight at the SIGTERM are the drain's: reported apart (see below).
		int cutAtSigterm = result.failedInFlightAt(graceful);
		int failedWhileUp = result.failedRequests() - result.failedRequests(graceful, gracefulBack)
				- result.failedRequests(crash, crashBack) - cutAtSigterm - result.failedInFlightAt(crash);
		Duration down = max(Duration.ofNanos(gracefulBack - graceful), Duration.ofNanos(crashBack - crash));
		List<String> moved = new ArrayList<>();
		before.forEach((client, node) -> {
			if (!node.equals(afterGraceful.get(client)) || !node.equals(afterCrash.get(client))) {
				moved.add(client + ": " + node + " -> " + afterGraceful.get(client) + " -> " + afterCrash.get(client));
			}
		});
		System.out.printf("F8: clients' nodes before %s, after SIGTERM %s, after kill -9 %s; %s%n", before,
				afterGraceful, afterCrash, result.summary());
		result.failures().forEach(System.out::println);
		ReliabilityReport.add(
				ReliabilityReport.Row.of(SCENARIO, result, result.p99(graceful, crashBack + 3_000_000_000L), null, down,
						"failed while the gateway was down, " + cutAtSigterm + " in flight at SIGTERM cut, "
								+ failedWhileUp + " other while it was up; stop took " + stopped.toMillis()
								+ " ms; a request whose body was arriving at SIGTERM: "
								+ drained.replace('|', '/').lines().findFirst().orElse("") + "; " + moved.size()
								+ " of 10 clients moved member; down "
								+ Duration.ofNanos(gracefulBack - graceful).toMillis() + " ms (SIGTERM) and "
								+ Duration.ofNanos(crashBack - crash).toMillis() + " ms (kill -9), restart included"));

		assertThat(drained).as("the POST whose body was arriving at the SIGTERM").startsWith("200 ");
		assertThat(cutAtSigterm).as("requests in flight at the SIGTERM cut").isZero();
		assertThat(moved).as("clients served by another member after the restarts").isEmpty();
		assertThat(failedWhileUp).as("failed requests while the gateway was up").isZero();
		assertThat(result.sessionsLost()).as("sessions lost").isZero();
		assertThat(result.lostIncrements()).as("acknowledged increments lost").isZero();
		topology.awaitSteady();
	}

	/**
	 * Each session client's node once every client has been answered twice more (so the
	 * node is one that answered after the restart).
	 */
	private static Map<Integer, String> nodesOnceAnsweredAgain(Load load) {
		Map<Integer, Integer> answered = new TreeMap<>();
		load.sessionClients().forEach((client) -> answered.put(client.number(), client.answered()));
		await("every session client answered again").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> load.sessionClients()
				.stream()
				.allMatch((client) -> client.answered() >= answered.get(client.number()) + 2));
		return nodes(load);
	}

	/** What a request got: its status and body, or the exception that ended it. */
	private static String answer(CompletableFuture<HttpResponse<String>> request) throws InterruptedException {
		try {
			HttpResponse<String> response = request.get(30, TimeUnit.SECONDS);
			return response.statusCode() + " " + response.body();
		}
		catch (ExecutionException | TimeoutException ex) {
			return "failed: " + ((ex.getCause() != null) ? ex.getCause() : ex);
		}
	}

	private static Map<Integer, String> nodes(Load load) {
		Map<Integer, String> nodes = new TreeMap<>();
		load.sessionClients().forEach((client) -> nodes.put(client.number(), client.lastNode()));
		return nodes;
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	/** A request body of a few bytes, one every {@link #SLOW_BODY_PAUSE}. */
	private static final class SlowBody extends InputStream {

		private int sent;

		@Override
		public int read() throws IOException {
			if (this.sent >= SLOW_BODY_CHUNKS) {
				return -1;
			}
			try {
				Thread.sleep(SLOW_BODY_PAUSE.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
			this.sent++;
			return 'x';
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (length == 0) {
				return 0;
			}
			int value = read();
			if (value < 0) {
				return -1;
			}
			buffer[offset] = (byte) value;
			return 1;
		}

	}

}
