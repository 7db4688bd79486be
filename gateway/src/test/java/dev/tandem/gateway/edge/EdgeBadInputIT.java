package dev.tandem.gateway.edge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.balancing.core.BalancerSnapshot;
import dev.tandem.gateway.edge.BadInputReport.Answer;
import dev.tandem.gateway.testing.Management;
import dev.tandem.gateway.testing.StubMember;
import dev.tandem.gateway.testing.StubMembers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real gateway application on a free port in front of recording stub members, fed
 * malformed requests as raw bytes: every case must be refused (a 4xx or a closed
 * connection, never a 5xx or a stack trace) without reaching a member, or forwarded as
 * exactly the request it checks; no member may be marked down or ejected by it; and a
 * good request on a new connection must succeed afterwards. Then every actuator path of
 * the gateway and of a member is tried on the public port in every spelling, and
 * slowloris connections are held open while a normal client measures its latency.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "tandem.gateway.affinity.secret=" + EdgeSuite.AFFINITY_SECRET,
				"tandem.gateway.health.interval=500ms", "tandem.gateway.health.fast-interval=300ms",
				"tandem.gateway.health.timeout=250ms", "tandem.gateway.retry.max-body-size=16KB",
				"tandem.gateway.request.max-body-size=256KB", "tandem.gateway.request.body-timeout=1s",
				"server.netty.idle-timeout=2s" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EdgeBadInputIT {

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of(EdgeSuite.WAS1, EdgeSuite.WAS2)
		.standby(EdgeSuite.STANDBY)
		.active(EdgeSuite.DRAINING, EdgeSuite.DEAD)
		.failingProbes(EdgeSuite.DRAINING)
		.stopped(EdgeSuite.DEAD);

	static final StubMember WAS1 = MEMBERS.get(EdgeSuite.WAS1);

	static final StubMember WAS2 = MEMBERS.get(EdgeSuite.WAS2);

	/** What a member's actuator offers, whether or not a was-node exposes it today. */
	static final List<String> MEMBER_ACTUATOR_PATHS = List.of("/actuator", "/actuator/health",
			"/actuator/health/readiness", "/actuator/info", "/actuator/sessions", "/actuator/env", "/actuator/heapdump",
			"/actuator/threaddump", "/actuator/shutdown", "/actuator/loggers", "/actuator/mappings",
			"/actuator/configprops", "/actuator/gateway/routes");

	static final BadInputReport REPORT = new BadInputReport();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	Balancer balancer;

	@Autowired
	PathMappedEndpoints endpoints;

	static List<BadRequest> corpus() {
		return BadRequestCorpus.all();
	}

	@AfterAll
	static void writeReport() {
		REPORT.write();
	}

	@BeforeEach
	void waitUntilHealthChecksSettled() {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(this::assertMembersAsConfigured);
		MEMBERS.forget();
	}

	@Order(1)
	@ParameterizedTest(name = "{0}")
	@MethodSource("corpus")
	void shouldRefuseMalformedRequestsOrForwardThemExactly(BadRequest request) throws Exception {
		boolean passed = false;
		Answer answer = Answer.CLOSED;
		String detail = "no answer";
		try {
			RawExchange exchange = RawExchange.send(this.port, request.bytes(), request.readFor());
			answer = answerOf(exchange, request);
			detail = exchange.summary();
			// A forwarded request may still be on its way to a member after the client
			// was answered or cut off.
			Thread.sleep(150);

			assertThat(exchange.statuses()).as("statuses").noneMatch((status) -> status >= 500);
			assertThat(exchange.text()).as("answer").doesNotContain("Exception").doesNotContain("\tat ");
			assertThat(exchange.timedOut()).as("neither answered nor closed within %s", request.readFor()).isFalse();
			if (request.expectation().refused()) {
				assertRefused(request, exchange);
			}
			else {
				assertForwardedExactly(request, exchange);
			}
			assertMembersAsConfigured();
			assertAGoodRequestSucceeds();
			passed = true;
		}
		finally {
			REPORT.record(request, answer, detail, passed);
		}
	}

	@Order(2)
	@Test
	void shouldServeTheScannedGatewayEndpointsOnTheManagementPort() throws IOException {
		for (String path : gatewayActuatorPaths()) {
			RawExchange exchange = RawExchange.send(this.managementPort, getAsAdmin(path), Duration.ofSeconds(4));

			assertThat(exchange.status()).as(path).isEqualTo(200);
		}
	}

	@Order(3)
	@TestFactory
	Stream<DynamicTest> shouldServeNoActuatorPathOnThePublicPort() {
		TreeSet<String> paths = new TreeSet<>(MEMBER_ACTUATOR_PATHS);
		paths.addAll(gatewayActuatorPaths());
		List<String> spellings = paths.stream().flatMap((path) -> ActuatorSpellings.of(path).stream()).toList();
		int[] refused = new int[1];
		REPORT.line(String.format(
				"exposure scan: %d actuator paths (%d of the gateway's, from its running context) "
						+ "in %d spellings on the public port",
				paths.size(), gatewayActuatorPaths().size(), spellings.size()));
		return spellings.stream().map((path) -> DynamicTest.dynamicTest("GET " + path, () -> {
			MEMBERS.forget();

			RawExchange exchange = RawExchange.send(this.port, get(path), Duration.ofSeconds(4));

			assertThat(exchange.status()).as(path).isBetween(400, 499);
			assertThat(MEMBERS).as(path).allSatisfy((member) -> assertThat(member.received()).isEmpty());
			refused[0]++;
			if (refused[0] == spellings.size()) {
				REPORT.line("exposure scan: all " + spellings.size() + " refused with a 4xx, no member received any");
			}
		}));
	}

	@Order(4)
	@Test
	void shouldKeepServingNormalClientsWhileSlowlorisConnectionsDribbleHeaders() throws Exception {
		int connections = 300;
		List<Long> baseline = normalLatencies(30);

		List<Long> underAttack;
		Map<SocketChannel, Long> closedAfter;
		try (Slowloris slowloris = Slowloris.open(this.port, connections)) {
			Thread dribbler = new Thread(() -> slowloris.dribble(Duration.ofSeconds(10)), "slowloris");
			dribbler.start();
			underAttack = normalLatencies(30);
			dribbler.join(Duration.ofSeconds(15).toMillis());
			closedAfter = slowloris.closedAfterMillis();
		}

		long baselineP90 = percentile(baseline, 90);
		long attackP90 = percentile(underAttack, 90);
		long slowestClose = closedAfter.values().stream().mapToLong(Long::longValue).max().orElse(-1);
		REPORT.line(String.format(
				"slowloris: %d connections dribbling a header byte every 200 ms; normal GET p90 %d ms before, "
						+ "%d ms during (30 requests each); the gateway closed %d of %d within %d ms "
						+ "(header timeout %d ms)",
				connections, baselineP90, attackP90, closedAfter.size(), connections, slowestClose,
				EdgeSuite.HEADER_TIMEOUT.toMillis()));
		assertThat(attackP90).isLessThanOrEqualTo(Math.max(10 * baselineP90, 500));
		assertThat(closedAfter).hasSize(connections);
		assertThat(slowestClose).isLessThanOrEqualTo(EdgeSuite.HEADER_TIMEOUT.toMillis() + 2000);
		assertThat(MEMBERS).allSatisfy((member) -> assertThat(member.received())
			.allSatisfy((received) -> assertThat(received.headers().containsKey("X-Slow")).isFalse()));
	}

	private List<Long> normalLatencies(int count) throws IOException {
		List<Long> millis = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			RawExchange exchange = RawExchange.send(this.port, get("/hello"), Duration.ofSeconds(10));
			assertThat(exchange.status()).as("normal request %d", i).isEqualTo(200);
			millis.add(exchange.millis());
		}
		return millis;
	}

	private static long percentile(List<Long> values, int percentile) {
		List<Long> sorted = values.stream().sorted().toList();
		return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100));
	}

	private List<String> gatewayActuatorPaths() {
		TreeSet<String> paths = new TreeSet<>(this.endpoints.getAllPaths());
		// Health groups are served below the health endpoint's path.
		paths.add(this.endpoints.getPath(org.springframework.boot.actuate.endpoint.EndpointId.of("health"))
				+ "/readiness");
		paths.add(this.endpoints.getBasePath());
		return List.copyOf(paths);
	}

	private void assertRefused(BadRequest request, RawExchange exchange) {
		assertThat(exchange.status() == 0 ? exchange.closedByServer() : exchange.status() >= 400)
			.as("a 4xx or a closed connection, got %s", exchange.statuses())
			.isTrue();
		// The connection is closed after a refusal: a second answer means the gateway
		// read the rest of the bytes as another request.
		assertThat(exchange.statuses()).as("answers").hasSizeLessThanOrEqualTo(1);
		for (StubMember member : MEMBERS) {
			if (request.expectation().headMayReachMember()) {
				assertThat(member.received()).as(member.id())
					.allSatisfy((received) -> assertThat(received.completeBody()).as("body").isEmpty());
			}
			else {
				assertThat(member.received()).as(member.id()).isEmpty();
			}
		}
	}

	private void assertForwardedExactly(BadRequest request, RawExchange exchange) {
		assertThat(exchange.status()).as("status").isBetween(200, 299);
		List<StubMember.Received> all = MEMBERS.stream().flatMap((member) -> member.received().stream()).toList();
		assertThat(all).as("requests received by members").hasSize(1);
		assertThat(Stream.of(WAS1, WAS2).flatMap((member) -> member.received().stream())).as("by an active member")
			.hasSize(1);
		request.expectation().check().accept(all.get(0), exchange);
	}

	private void assertMembersAsConfigured() {
		BalancerSnapshot snapshot = this.balancer.snapshot();
		for (String active : List.of(EdgeSuite.WAS1, EdgeSuite.WAS2)) {
			BalancerSnapshot.Member member = snapshot.member(active).orElseThrow();
			assertThat(member.ready()).as(active + " ready").isTrue();
			assertThat(member.ejected()).as(active + " ejected").isFalse();
		}
		for (String down : List.of(EdgeSuite.DRAINING, EdgeSuite.DEAD)) {
			assertThat(snapshot.member(down).orElseThrow().ready()).as(down + " ready").isFalse();
		}
	}

	private void assertAGoodRequestSucceeds() throws IOException {
		MEMBERS.forget();
		RawExchange exchange = RawExchange.send(this.port, get("/hello"), Duration.ofSeconds(5));

		assertThat(exchange.status()).as("the next good request").isEqualTo(200);
		assertThat(Stream.of(WAS1, WAS2).flatMap((member) -> member.received().stream()))
			.extracting(StubMember.Received::uri)
			.containsExactly("/hello");
	}

	private static Answer answerOf(RawExchange exchange, BadRequest request) {
		if (exchange.status() >= 200 && exchange.status() < 300) {
			return Answer.FORWARDED;
		}
		return (exchange.status() >= 400) ? Answer.REFUSED_4XX : Answer.CLOSED;
	}

	private static byte[] getAsAdmin(String path) {
		String credentials = Base64.getEncoder()
			.encodeToString((Management.ADMIN + ":" + Management.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
		return ("GET " + path + " HTTP/1.1\r\nHost: tandem.test\r\nAuthorization: Basic " + credentials
				+ "\r\nConnection: close\r\n\r\n")
			.getBytes(StandardCharsets.ISO_8859_1);
	}

	private static byte[] get(String path) {
		return ("GET " + path + " HTTP/1.1\r\nHost: tandem.test\r\nConnection: close\r\n\r\n")
			.getBytes(StandardCharsets.ISO_8859_1);
	}

	/**
	 * Connections that send a request line and then one header byte at a time, never
	 * finishing the headers; noting when the gateway closes each.
	 */
	static final class Slowloris implements AutoCloseable {

		private final Selector selector;

		private final Map<SocketChannel, Long> openedAt = new HashMap<>();

		private final Map<SocketChannel, Long> closedAfter = new HashMap<>();

		private Slowloris(Selector selector) {
			this.selector = selector;
		}

		static Slowloris open(int port, int count) throws IOException {
			Slowloris slowloris = new Slowloris(Selector.open());
			for (int i = 0; i < count; i++) {
				SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
				channel.write(ByteBuffer
					.wrap("GET /hello HTTP/1.1\r\nHost: tandem.test\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII)));
				channel.configureBlocking(false);
				channel.register(slowloris.selector, SelectionKey.OP_READ);
				slowloris.openedAt.put(channel, System.nanoTime());
			}
			return slowloris;
		}

		/** Dribble until every connection is closed or the time is up. */
		void dribble(Duration atMost) {
			long deadline = System.nanoTime() + atMost.toNanos();
			ByteBuffer read = ByteBuffer.allocate(1024);
			try {
				while (System.nanoTime() < deadline && this.closedAfter.size() < this.openedAt.size()) {
					this.selector.select(200);
					for (SelectionKey key : this.selector.selectedKeys()) {
						SocketChannel channel = (SocketChannel) key.channel();
						read.clear();
						if (readOrClosed(channel, read)) {
							closed(channel, key);
						}
					}
					this.selector.selectedKeys().clear();
					for (SelectionKey key : this.selector.keys()) {
						if (key.isValid() && !write((SocketChannel) key.channel())) {
							closed((SocketChannel) key.channel(), key);
						}
					}
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		private static boolean readOrClosed(SocketChannel channel, ByteBuffer buffer) {
			try {
				return channel.read(buffer) < 0;
			}
			catch (IOException ex) {
				return true;
			}
		}

		private static boolean write(SocketChannel channel) {
			try {
				channel.write(ByteBuffer.wrap(new byte[] { 'x' }));
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		}

		private void closed(SocketChannel channel, SelectionKey key) {
			this.closedAfter.putIfAbsent(channel,
					Duration.ofNanos(System.nanoTime() - this.openedAt.get(channel)).toMillis());
			key.cancel();
		}

		Map<SocketChannel, Long> closedAfterMillis() {
			return Map.copyOf(this.closedAfter);
		}

		@Override
		public void close() throws IOException {
			Collection<SocketChannel> channels = this.openedAt.keySet();
			for (SocketChannel channel : channels) {
				channel.close();
			}
			this.selector.close();
		}

	}

}
