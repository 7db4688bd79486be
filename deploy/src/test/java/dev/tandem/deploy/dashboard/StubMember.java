package dev.tandem.deploy.dashboard;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for a was-node behind the real gateway: the JDK's HTTP server on 127.0.0.1
 * at a fixed port, whose readiness probe answers {@code {"status":"UP"}} and every other
 * path answers a line naming the member, counted per path, so a test asserts on what the
 * member received. {@link #stop()} takes it away like a killed process (listener and open
 * connections closed); {@link #start()} brings it back on the same port.
 */
final class StubMember implements AutoCloseable {

	private static final String READINESS = "/actuator/health/readiness";

	private static final Duration BIND_RETRY = Duration.ofSeconds(10);

	private final String id;

	private final int port;

	private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();

	private volatile HttpServer server;

	private volatile ExecutorService workers;

	StubMember(String id, int port) {
		this.id = id;
		this.port = port;
	}

	String id() {
		return this.id;
	}

	/** The base address the gateway is given for this member. */
	String uri() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * Listen on the member's port; a port still held by the previous listener is retried
	 * for a few seconds.
	 */
	synchronized void start() {
		if (this.server != null) {
			return;
		}
		long deadline = System.nanoTime() + BIND_RETRY.toNanos();
		while (true) {
			try {
				HttpServer created = HttpServer.create(new InetSocketAddress("127.0.0.1", this.port), 50);
				created.createContext("/", this::answer);
				this.workers = Executors.newFixedThreadPool(4);
				created.setExecutor(this.workers);
				created.start();
				this.server = created;
				return;
			}
			catch (BindException ex) {
				if (System.nanoTime() > deadline) {
					throw new UncheckedIOException(this.id + " could not listen on " + this.port + " again", ex);
				}
				sleep();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	/**
	 * Close the listener and every open connection at once, as a killed process would.
	 */
	synchronized void stop() {
		HttpServer running = this.server;
		if (running != null) {
			this.server = null;
			running.stop(0);
			this.workers.shutdownNow();
		}
	}

	/** How many requests for this path (without query) the member received. */
	int received(String path) {
		AtomicInteger count = this.received.get(path);
		return (count != null) ? count.get() : 0;
	}

	/** Forget what was received so far. */
	void resetCounts() {
		this.received.clear();
	}

	@Override
	public void close() {
		stop();
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (exchange) {
			exchange.getRequestBody().readAllBytes();
			String path = exchange.getRequestURI().getPath();
			byte[] body;
			if (READINESS.equals(path)) {
				body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
			}
			else {
				this.received.computeIfAbsent(path, (key) -> new AtomicInteger()).incrementAndGet();
				body = ("hello from " + this.id + "\n").getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
			}
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	private static void sleep() {
		try {
			TimeUnit.MILLISECONDS.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
