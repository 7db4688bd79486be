package dev.tandem.session;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.example.userapp.UserApplication;
import com.hazelcast.core.HazelcastInstance;
import com.jayway.jsonpath.JsonPath;
import dev.tandem.session.testing.SessionNodes;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.tandem.session.testing.SessionNodes.httpPort;
import static org.awaitility.Awaitility.await;

/**
 * Two real nodes on loopback (a user's application with the library); node A is closed
 * (what SIGTERM does) while a slow request is in flight. The recording proves the order:
 * readiness DOWN, still serving during the drain wait, the in-flight request finished,
 * the web server stopped, and only then the Hazelcast member shut down. With no backups
 * at all, every session A owned is still on B afterwards: only a graceful shutdown
 * (partitions handed off) can do that.
 */
class GracefulShutdownOrderIT {

	private static final Duration DRAIN_WAIT = Duration.ofMillis(1500);

	private static final int SESSIONS = 20;

	@RegisterExtension
	final SessionNodes<ConfigurableApplicationContext> nodes = SessionNodes
		.applications(UserApplication.class, Probe.class)
		.with("tandem.node.cluster.backup-count=0", "tandem.node.shutdown.drain-wait=" + DRAIN_WAIT.toMillis() + "ms");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	void shouldGoNotReadyDrainFinishInFlightRequestsThenHandSessionsOffOnClose() throws Exception {
		List<ConfigurableApplicationContext> started = this.nodes.start(2);
		ConfigurableApplicationContext a = started.get(0);
		ConfigurableApplicationContext b = started.get(1);
		int portA = httpPort(a);
		Recorder recorder = a.getBean(Recorder.class);

		List<String> cookies = new ArrayList<>();
		for (int i = 0; i < SESSIONS; i++) {
			HttpResponse<String> first = get(portA, "/session", null);
			assertThat(JsonPath.<Integer>read(first.body(), "$.count")).isEqualTo(1);
			String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
			cookies.add(setCookie.substring(0, setCookie.indexOf(';')));
		}
		a.getBean(HazelcastInstance.class)
			.getLifecycleService()
			.addLifecycleListener((event) -> recorder.record("hazelcast " + event.getState()));

		CompletableFuture<HttpResponse<String>> slow = this.http
			.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portA + "/slow"))
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(recorder.slowStarted.await(10, TimeUnit.SECONDS)).as("slow request started").isTrue();
		long closeStart = System.nanoTime();
		CompletableFuture<Void> closing = CompletableFuture.runAsync(a::close);

		await("readiness DOWN").atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> get(portA, "/actuator/health/readiness", null).statusCode() == 503);
		HttpResponse<String> duringDrain = get(portA, "/hello", null);
		recorder.record("served /hello with " + duringDrain.statusCode() + " after readiness DOWN");

		closing.get(60, TimeUnit.SECONDS);
		long closeMillis = Duration.ofNanos(System.nanoTime() - closeStart).toMillis();
		assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).as("in-flight request").isEqualTo(200);

		// backup-count=0: a terminated member would take its partitions with it.
		int kept = 0;
		for (String cookie : cookies) {
			HttpResponse<String> again = get(httpPort(b), "/session", cookie);
			if (again.statusCode() == 200 && JsonPath.<Integer>read(again.body(), "$.count") == 2) {
				kept++;
			}
		}
		assertThat(kept).as("sessions still on b after a left").isEqualTo(SESSIONS);

		List<String> events = recorder.events();
		System.out.printf("close took %d ms; order: %s%n", closeMillis, events);
		assertThat(events).containsSubsequence("readiness REFUSING_TRAFFIC (accepting)",
				"served /hello with 200 after readiness DOWN (accepting)", "slow request finished (closed)",
				"web server stopped (closed)", "hazelcast SHUTTING_DOWN (closed)", "hazelcast SHUTDOWN (closed)");
		assertThat(recorder.millisBetween("readiness REFUSING_TRAFFIC", "web server stopped"))
			.as("drain wait before the web server stops")
			.isGreaterThanOrEqualTo(DRAIN_WAIT.toMillis());

	}

	private HttpResponse<String> get(int port, String path, String cookie) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(5));
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static boolean accepting(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * What happened while the node closed, with the time and whether its port accepted.
	 */
	static final class Recorder {

		private final List<String> events = new ArrayList<>();

		private final List<Long> times = new ArrayList<>();

		final CountDownLatch slowStarted = new CountDownLatch(1);

		private volatile int port;

		synchronized void record(String event) {
			this.events.add(event + (accepting(this.port) ? " (accepting)" : " (closed)"));
			this.times.add(System.nanoTime());
		}

		synchronized List<String> events() {
			return List.copyOf(this.events);
		}

		synchronized long millisBetween(String first, String second) {
			return Duration.ofNanos(this.times.get(indexOf(second)) - this.times.get(indexOf(first))).toMillis();
		}

		private int indexOf(String prefix) {
			for (int i = 0; i < this.events.size(); i++) {
				if (this.events.get(i).startsWith(prefix)) {
					return i;
				}
			}
			throw new AssertionError("no event " + prefix + " in " + this.events);
		}

	}

	/**
	 * Test beans added to a node. Not a {@code @Configuration}, so the node's component
	 * scan never picks it up for other tests.
	 */
	static class Probe {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

		@Bean
		ApplicationListener<WebServerInitializedEvent> portRecorder(Recorder recorder) {
			return (event) -> recorder.port = event.getWebServer().getPort();
		}

		@Bean
		ApplicationListener<AvailabilityChangeEvent<ReadinessState>> readinessRecorder(Recorder recorder) {
			return (event) -> recorder.record("readiness " + event.getState());
		}

		@Bean
		SmartLifecycle webServerStoppedRecorder(Recorder recorder) {
			return new SmartLifecycle() {

				private volatile boolean running;

				@Override
				public void start() {
					this.running = true;
				}

				@Override
				public void stop() {
					this.running = false;
					recorder.record("web server stopped");
				}

				@Override
				public boolean isRunning() {
					return this.running;
				}

				// Below Boot's web server start/stop lifecycle: it stops right after it.
				@Override
				public int getPhase() {
					return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1024 - 1;
				}

			};
		}

		@Bean
		ServletRegistrationBean<HttpServlet> slowServlet(Recorder recorder) {
			HttpServlet servlet = new HttpServlet() {

				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					recorder.slowStarted.countDown();
					try {
						Thread.sleep(3000);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					recorder.record("slow request finished");
					response.getWriter().write("done");
				}

			};
			return new ServletRegistrationBean<>(servlet, "/slow");
		}

	}

}
