package dev.tandem.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * F8's graceful stop on the real gateway jar, as a process on loopback: requests in
 * flight at the SIGTERM (a slow answer, and a POST whose body is still arriving) get
 * their complete answer and reach the member whole; a new connection after the SIGTERM is
 * refused, an idle keep-alive connection is closed, and the gateway exits well within
 * {@code spring.lifecycle.timeout-per-shutdown-phase}.
 */
class GatewayGracefulStopIT {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	/** The default {@code spring.lifecycle.timeout-per-shutdown-phase}. */
	private static final Duration SHUTDOWN_PHASE_TIMEOUT = Duration.ofSeconds(30);

	/** How long the member takes to answer {@code /slow}. */
	private static final Duration SLOW_ANSWER = Duration.ofSeconds(3);

	/** The dribbled POST body: one byte every {@link #DRIBBLE_PAUSE}. */
	private static final String BODY = "0123456789";

	private static final Duration DRIBBLE_PAUSE = Duration.ofMillis(250);

	private final SlowMember member = new SlowMember();

	private final ExecutorService clients = Executors.newFixedThreadPool(4);

	private JarProcess gateway;

	/**
	 * The gateway's own state (runtime changes, audit log), apart from any other test's.
	 */
	@TempDir
	Path gatewayState;

	private int gatewayPort;

	@BeforeEach
	void startGatewayInFrontOfASlowMember() throws IOException {
		FreePorts ports = new FreePorts();
		this.gatewayPort = ports.next();
		int admin = ports.next();
		this.member.start();
		this.gateway = JarProcess.start("gateway-graceful-stop", "tandem.gateway.jar",
				URI.create("http://127.0.0.1:" + admin + "/actuator/health/readiness"),
				List.of("--server.port=" + this.gatewayPort, "--server.address=127.0.0.1",
						"--management.server.port=" + admin, "--tandem.gateway.admin.state-dir=" + this.gatewayState,
						"--tandem.gateway.members[0].id=slow",
						"--tandem.gateway.members[0].uri=http://127.0.0.1:" + this.member.port()));
		this.gateway.awaitReady(START_TIMEOUT);
	}

	@AfterEach
	void stopEverything() throws InterruptedException {
		this.clients.shutdownNow();
		if (this.gateway != null) {
			this.gateway.close();
		}
		this.member.stop();
	}

	@Test
	void shouldAnswerRequestsInFlightAtTheSigtermAndRefuseNewConnections() throws Exception {
		// An idle keep-alive connection, served once before the stop.
		Socket idle = connect();
		RawAnswer first = RawAnswer.exchange(idle, "GET /hello HTTP/1.1\r\nHost: tandem\r\n\r\n");
		assertThat(first.status()).as("first answer on the keep-alive connection").isEqualTo(200);

		CompletableFuture<RawAnswer> slow = CompletableFuture.supplyAsync(
				() -> RawAnswer.exchangeClosing(this::connect, "GET /slow HTTP/1.1\r\nHost: tandem\r\n", ""),
				this.clients);
		CompletableFuture<RawAnswer> dribbled = dribble("/upload");
		CompletableFuture<RawAnswer> answeredEarly = dribble("/early");
		Thread.sleep(500);
		assertThat(this.member.started()).as("requests the member has begun to receive at the SIGTERM")
			.containsKeys("/slow", "/upload", "/early");

		long sigterm = System.nanoTime();
		CompletableFuture<Duration> exited = CompletableFuture.supplyAsync(() -> {
			try {
				return this.gateway.stop(SHUTDOWN_PHASE_TIMEOUT);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}, this.clients);
		Duration refusedAfter = awaitRefused(sigterm);
		boolean idleClosed = awaitClosed(idle, Duration.ofSeconds(5));

		RawAnswer slowAnswer = slow.get(20, TimeUnit.SECONDS);
		RawAnswer dribbledAnswer = dribbled.get(20, TimeUnit.SECONDS);
		RawAnswer earlyAnswer = answeredEarly.get(20, TimeUnit.SECONDS);
		Duration stopped = exited.get(SHUTDOWN_PHASE_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
		System.out.printf(
				"graceful stop: new connections refused %d ms after SIGTERM; idle keep-alive connection closed: %s; "
						+ "slow GET: %s; dribbled POST: %s; dribbled POST answered early: %s; member received %s; "
						+ "exit %d ms after SIGTERM%n",
				refusedAfter.toMillis(), idleClosed, slowAnswer, dribbledAnswer, earlyAnswer, this.member.completed(),
				stopped.toMillis());

		assertThat(slowAnswer.status()).as("slow GET in flight at the SIGTERM: " + slowAnswer).isEqualTo(200);
		assertThat(slowAnswer.body()).as("slow GET's body").isEqualTo("slow done");
		assertThat(dribbledAnswer.status()).as("POST whose body was arriving at the SIGTERM: " + dribbledAnswer)
			.isEqualTo(200);
		assertThat(dribbledAnswer.body()).as("dribbled POST's answer").isEqualTo("received " + BODY);
		assertThat(earlyAnswer.status()).as("POST answered before its body had arrived: " + earlyAnswer).isEqualTo(200);
		assertThat(earlyAnswer.body()).as("early answer's body").isEqualTo("early answer");
		assertThat(this.member.completed()).as("what the member received whole")
			.containsEntry("/slow", "")
			.containsEntry("/upload", BODY);
		assertThat(refusedAfter).as("time from the SIGTERM until a new connection is refused").isLessThan(SLOW_ANSWER);
		assertThat(idleClosed).as("idle keep-alive connection closed by the gateway").isTrue();
		assertThat(stopped).as("time from the SIGTERM until the gateway exited")
			.isGreaterThan(SLOW_ANSWER.minusMillis(500))
			.isLessThan(SHUTDOWN_PHASE_TIMEOUT);
	}

	/** A chunked POST whose body dribbles in, on a keep-alive connection. */
	private CompletableFuture<RawAnswer> dribble(String path) {
		return CompletableFuture.supplyAsync(() -> RawAnswer.exchangeClosing(this::connect,
				"POST " + path
						+ " HTTP/1.1\r\nHost: tandem\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n",
				BODY), this.clients);
	}

	private Socket connect() {
		try {
			Socket socket = new Socket();
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.gatewayPort), 1000);
			socket.setSoTimeout(20_000);
			return socket;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Try new connections every 50 ms until one is refused; at most 5 s. */
	private Duration awaitRefused(long sigterm) throws InterruptedException {
		for (int attempt = 0; attempt < 100; attempt++) {
			try (Socket probe = new Socket()) {
				probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.gatewayPort), 500);
			}
			catch (ConnectException ex) {
				return Duration.ofNanos(System.nanoTime() - sigterm);
			}
			catch (IOException ex) {
				// A timeout or reset is not a refusal: try again.
			}
			Thread.sleep(50);
		}
		return Duration.ofSeconds(5);
	}

	/** Whether the peer closed the connection within the time given. */
	private static boolean awaitClosed(Socket socket, Duration within) {
		try (socket) {
			socket.setSoTimeout((int) within.toMillis());
			return socket.getInputStream().read() == -1;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			// A reset closes it too.
			return true;
		}
	}

	/**
	 * A member that takes {@link #SLOW_ANSWER} to answer {@code /slow}, echoes what
	 * {@code /upload} received, answers {@code /hello} at once and its readiness UP; it
	 * records each request's path when it begins to handle it, and its whole body once it
	 * is read.
	 */
	private static final class SlowMember {

		private final Map<String, Long> started = new ConcurrentHashMap<>();

		private final Map<String, String> completed = new ConcurrentHashMap<>();

		private HttpServer server;

		void start() throws IOException {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
			this.server.setExecutor(Executors.newFixedThreadPool(8));
			this.server.createContext("/actuator/health/readiness",
					(exchange) -> answer(exchange, "{\"status\":\"UP\"}"));
			this.server.createContext("/hello", (exchange) -> answer(exchange, "hello"));
			this.server.createContext("/slow", (exchange) -> {
				this.started.put("/slow", System.nanoTime());
				String body = readBody(exchange);
				sleep(SLOW_ANSWER);
				this.completed.put("/slow", body);
				answer(exchange, "slow done");
			});
			this.server.createContext("/upload", (exchange) -> {
				this.started.put("/upload", System.nanoTime());
				String body = readBody(exchange);
				this.completed.put("/upload", body);
				answerChunked(exchange, "received " + body);
			});
			// As a servlet that ignores the body does (the demo's POST /session): the
			// answer is complete before the request body has arrived; the rest is
			// read after.
			this.server.createContext("/early", (exchange) -> {
				this.started.put("/early", System.nanoTime());
				byte[] answer = "early answer".getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(200, answer.length);
				exchange.getResponseBody().write(answer);
				exchange.getResponseBody().flush();
				this.completed.put("/early", readBody(exchange));
				exchange.close();
			});
			this.server.start();
		}

		int port() {
			return this.server.getAddress().getPort();
		}

		Map<String, Long> started() {
			return this.started;
		}

		Map<String, String> completed() {
			return this.completed;
		}

		void stop() {
			if (this.server != null) {
				this.server.stop(0);
				((ExecutorService) this.server.getExecutor()).shutdownNow();
			}
		}

		private static String readBody(HttpExchange exchange) throws IOException {
			return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		}

		private static void answer(HttpExchange exchange, String body) throws IOException {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}

		/** A body of unknown length, as a servlet writes it: chunked. */
		private static void answerChunked(HttpExchange exchange, String body) throws IOException {
			exchange.sendResponseHeaders(200, 0);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body.getBytes(StandardCharsets.UTF_8));
			}
		}

		private static void sleep(Duration duration) {
			try {
				Thread.sleep(duration.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/**
	 * A response read off a raw socket: its status and body, or what went wrong. Complete
	 * only when the body has the length its headers announced (or its final chunk).
	 */
	private record RawAnswer(int status, String body, String problem) {

		/** Send a request and read one response, leaving the connection open. */
		static RawAnswer exchange(Socket socket, String request) throws IOException {
			socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			return read(socket.getInputStream());
		}

		/**
		 * Send a request on a new connection with {@code Connection: close}, its body (if
		 * any) in chunks of one byte, one every {@link #DRIBBLE_PAUSE} (a chunked body is
		 * streamed to the member as it arrives, never buffered by the gateway), and read
		 * the response.
		 */
		static RawAnswer exchangeClosing(java.util.function.Supplier<Socket> connect, String head, String body) {
			try (Socket socket = connect.get()) {
				if (!body.isEmpty()) {
					// A keep-alive connection that has served a request before, as a
					// pooled client's connection has.
					RawAnswer warm = exchange(socket, "GET /hello HTTP/1.1\r\nHost: tandem\r\n\r\n");
					if (warm.status() != 200) {
						return warm;
					}
				}
				OutputStream out = socket.getOutputStream();
				out.write((head + (body.isEmpty() ? "Connection: close\r\n" : "") + "\r\n")
					.getBytes(StandardCharsets.US_ASCII));
				out.flush();
				for (char c : body.toCharArray()) {
					Thread.sleep(DRIBBLE_PAUSE.toMillis());
					out.write(("1\r\n" + c + "\r\n").getBytes(StandardCharsets.US_ASCII));
					out.flush();
				}
				if (!body.isEmpty()) {
					out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
					out.flush();
				}
				return read(socket.getInputStream());
			}
			catch (IOException | RuntimeException ex) {
				return new RawAnswer(-1, "", ex.toString());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return new RawAnswer(-1, "", ex.toString());
			}
		}

		private static RawAnswer read(InputStream in) throws IOException {
			String statusLine = line(in);
			if (statusLine == null) {
				return new RawAnswer(-1, "", "no answer: connection closed");
			}
			int status = Integer.parseInt(statusLine.split(" ")[1]);
			int length = -1;
			boolean chunked = false;
			for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
				String lower = header.toLowerCase(java.util.Locale.ROOT);
				if (lower.startsWith("content-length:")) {
					length = Integer.parseInt(lower.substring("content-length:".length()).trim());
				}
				else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
					chunked = true;
				}
			}
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			if (chunked) {
				for (int chunk = 0; chunk < 1000; chunk++) {
					String size = line(in);
					if (size == null) {
						return new RawAnswer(status, body.toString(StandardCharsets.UTF_8), "chunked body cut off");
					}
					int bytes = Integer.parseInt(size.trim(), 16);
					if (bytes == 0) {
						line(in);
						return new RawAnswer(status, body.toString(StandardCharsets.UTF_8), null);
					}
					body.write(in.readNBytes(bytes));
					line(in);
				}
				return new RawAnswer(status, body.toString(StandardCharsets.UTF_8), "too many chunks");
			}
			if (length < 0) {
				return new RawAnswer(status, new String(in.readAllBytes(), StandardCharsets.UTF_8), null);
			}
			byte[] bytes = in.readNBytes(length);
			return new RawAnswer(status, new String(bytes, StandardCharsets.UTF_8),
					(bytes.length < length) ? "body cut off after " + bytes.length + " of " + length + " bytes" : null);
		}

		/** One CRLF-terminated line, or null at the end of the stream. */
		private static String line(InputStream in) throws IOException {
			StringBuilder line = new StringBuilder();
			for (int count = 0; count < 16_384; count++) {
				int b = in.read();
				if (b == -1) {
					return (line.length() == 0) ? null : line.toString();
				}
				if (b == '\n') {
					int end = line.length();
					return (end > 0 && line.charAt(end - 1) == '\r') ? line.substring(0, end - 1) : line.toString();
				}
				line.append((char) b);
			}
			return line.toString();
		}

		@Override
		public int status() {
			return (this.problem == null) ? this.status : -1;
		}

		@Override
		public String toString() {
			return (this.problem == null) ? this.status + " " + this.body
					: "failed (" + this.problem + ", status " + this.status + ")";
		}

	}

}
