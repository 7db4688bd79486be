package dev.tandem.deploy.topology;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * Bounded traffic through the gateway while a scenario injects its fault: session clients
 * (each alternating {@code GET} and {@code POST /session}, see {@link SessionClient}) and
 * plain {@code GET /hello} clients, each on its own thread, at a fixed pace, until
 * stopped or their request count or time bound is reached. Every request's start and
 * latency is kept, so a scenario can ask for the p99 of any window.
 */
final class Load {

	/**
	 * How much traffic: clients of each kind, the pause between two requests of one
	 * client, the per-request timeout and the bounds every client loop stops at.
	 */
	record Shape(int sessionClients, int plainClients, Duration pace, Duration requestTimeout, int maxRequestsPerClient,
			Duration maxDuration) {

		/** Ten session clients and two plain ones, about 80 requests a second in all. */
		static Shape standard() {
			return new Shape(10, 2, Duration.ofMillis(150), Duration.ofSeconds(15), 4000, Duration.ofSeconds(420));
		}

	}

	/** One client for all test traffic; cookies are kept per client by hand. */
	static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final Gateway gateway;

	private final Shape shape;

	private final List<SessionClient> sessions = new ArrayList<>();

	private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

	private final Queue<Sample> samples = new ConcurrentLinkedQueue<>();

	private final AtomicInteger plainAnswered = new AtomicInteger();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final List<Thread> threads = new ArrayList<>();

	private final long startNanos = System.nanoTime();

	private Load(Gateway gateway, Shape shape) {
		this.gateway = gateway;
		this.shape = shape;
	}

	/** Start the clients and return once every session client has its session. */
	static Load start(Gateway gateway, Shape shape) {
		Load load = new Load(gateway, shape);
		load.startThreads();
		await("every session client has a session").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> load.sessions.stream().allMatch((client) -> client.answered() >= 2));
		return load;
	}

	private void startThreads() {
		long deadline = this.startNanos + this.shape.maxDuration().toNanos();
		for (int i = 0; i < this.shape.sessionClients(); i++) {
			SessionClient client = new SessionClient(i + 1);
			this.sessions.add(client);
			startThread("session-client-" + (i + 1), deadline, (n) -> {
				boolean post = n % 2 == 1;
				timed(post ? "POST" : "GET",
						() -> client.increment(HTTP, this.gateway.publicUri(), post, this.shape.requestTimeout()));
			});
		}
		for (int i = 0; i < this.shape.plainClients(); i++) {
			startThread("plain-client-" + (i + 1), deadline, (n) -> timed("GET", this::hello));
		}
	}

	private void startThread(String name, long deadline, Step step) {
		Thread thread = new Thread(() -> {
			try {
				for (int n = 0; n < this.shape.maxRequestsPerClient() && this.running.get()
						&& System.nanoTime() < deadline; n++) {
					step.run(n);
					Thread.sleep(this.shape.pace().toMillis());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, name);
		thread.setDaemon(true);
		thread.start();
		this.threads.add(thread);
	}

	private void timed(String method, Request request) throws InterruptedException {
		long start = System.nanoTime();
		Outcome outcome = request.send();
		long end = System.nanoTime();
		// A refused connection never reached the gateway: whenever it started, it failed
		// because nothing was listening, not because a request was cut.
		boolean refused = !outcome.answered() && outcome.problem() != null
				&& outcome.problem().contains("java.net.ConnectException");
		this.samples.add(new Sample(method, start, end - start, outcome.answered(), refused));
		if (outcome.problem() != null) {
			this.failures.add(String.format("%+.1f s %s", (start - this.startNanos) / 1e9, outcome.problem()));
		}
	}

	private Outcome hello() throws InterruptedException {
		URI uri = this.gateway.publicUri().resolve("/hello");
		try {
			HttpResponse<String> response = HTTP.send(
					HttpRequest.newBuilder(uri).timeout(this.shape.requestTimeout()).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 200) {
				this.plainAnswered.incrementAndGet();
				return Outcome.OK;
			}
			return Outcome.failed("GET /hello answered " + response.statusCode());
		}
		catch (IOException ex) {
			return Outcome.failed("GET /hello failed: " + ex);
		}
	}

	/** The session clients, e.g. to find the node serving most of them. */
	List<SessionClient> sessionClients() {
		return List.copyOf(this.sessions);
	}

	/** How many session clients each node answered last, by node name. */
	Map<String, Integer> sessionClientsByNode() {
		Map<String, Integer> byNode = new TreeMap<>();
		this.sessions.forEach((client) -> byNode.merge(client.lastNode(), 1, Integer::sum));
		return byNode;
	}

	/**
	 * The node with the most session clients in a {@link #sessionClientsByNode()} count.
	 */
	static String busiest(Map<String, Integer> clientsByNode) {
		return clientsByNode.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElseThrow();
	}

	/** Stop every client (bounded wait) and return what the traffic saw. */
	LoadResult stop() throws InterruptedException {
		this.running.set(false);
		for (Thread thread : this.threads) {
			thread.join(this.shape.requestTimeout().plusSeconds(5).toMillis());
		}
		return new LoadResult(List.copyOf(this.sessions), List.copyOf(this.failures), List.copyOf(this.samples),
				this.plainAnswered.get());
	}

	/**
	 * One request: its method, when it started, how long it took, and whether it was
	 * answered (2xx).
	 */
	record Sample(String method, long startNanos, long nanos, boolean ok, boolean refused) {

		/** Whether it started between two nanoTime marks, both included. */
		boolean startedBetween(long fromNanos, long toNanos) {
			return this.startNanos >= fromNanos && this.startNanos <= toNanos;
		}

		/**
		 * Whether it had started before a nanoTime mark and ended after it, and was not
		 * refused (nothing listening any more is not a cut request).
		 */
		boolean inFlightAt(long nanos) {
			return !this.refused && this.startNanos < nanos && this.startNanos + this.nanos > nanos;
		}

	}

	@FunctionalInterface
	private interface Step {

		void run(int n) throws InterruptedException;

	}

	@FunctionalInterface
	private interface Request {

		Outcome send() throws InterruptedException;

	}

}
