package dev.tandem.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.health.ActiveHealthChecker;
import dev.tandem.gateway.testing.Management;
import dev.tandem.gateway.testing.StubMember;
import dev.tandem.gateway.testing.StubMembers;
import dev.tandem.shared.TandemHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole balancer through real HTTP, with active health checks and passive ejection
 * on, in front of two active members weighted 1 and 5 and one standby: new clients are
 * spread exactly by weight, a sticky client stays put, the standby serves only while no
 * active passes its checks and hands its clients back when one does, and a member that
 * hangs is out of rotation within {@code fall × interval + timeout} while no GET fails.
 * Judged by what each member received and by the {@code members} health component.
 */
// Slow start off: members that come back must take their full weight at once for the
// exact counts. The context is closed afterwards so its probes stop with the members.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0",
				"tandem.gateway.health.interval=" + GatewayBalancingIT.INTERVAL_MILLIS + "ms",
				"tandem.gateway.health.fast-interval=100ms",
				"tandem.gateway.health.timeout=" + GatewayBalancingIT.PROBE_TIMEOUT_MILLIS + "ms",
				"tandem.gateway.health.rise=2", "tandem.gateway.health.fall=" + GatewayBalancingIT.FALL,
				"tandem.gateway.ejection.consecutive-failures=1", "tandem.gateway.ejection.duration=1s",
				"tandem.gateway.balancing.slow-start=0",
				"spring.cloud.gateway.server.webflux.httpclient.response-timeout="
						+ GatewayBalancingIT.RESPONSE_TIMEOUT_MILLIS + "ms" })
@DirtiesContext
class GatewayBalancingIT {

	static final long INTERVAL_MILLIS = 300;

	static final long PROBE_TIMEOUT_MILLIS = 250;

	static final int FALL = 2;

	static final long RESPONSE_TIMEOUT_MILLIS = 1500;

	/**
	 * Allowance for a busy build machine; below the response timeout, so passive ejection
	 * alone (after a GET timed out) cannot pass for the active checks.
	 */
	static final long MARGIN_MILLIS = 300;

	static final String COOKIE = "TANDEM_ROUTE";

	/** New clients sent while a member hangs, one every 25 ms. */
	static final int LOAD = 60;

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("was1", "was2")
		.standby("was3")
		.weight("was1", 1)
		.weight("was2", 5)
		.weight("was3", 1);

	static final StubMember LIGHT = MEMBERS.get("was1");

	static final StubMember HEAVY = MEMBERS.get("was2");

	static final StubMember STANDBY = MEMBERS.get("was3");

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	Balancer balancer;

	@Autowired
	ActiveHealthChecker checker;

	WebTestClient client;

	@BeforeEach
	void startFromEveryMemberUp() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(10))
			.build();
		// A cold first probe may time out, and an earlier test may have ejected a member:
		// start from a clean run of passes and every member in service.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.checker.snapshot()
				.members()
				.stream()
				.allMatch((member) -> member.up() && member.consecutivePasses() >= 2)
					&& this.balancer.snapshot().members().stream().allMatch((member) -> "up".equals(member.state())));
		// The health endpoint's first call is slow on a cold JVM; tests time later ones.
		assertThat(membersHealth().at("/status").asText()).isEqualTo("UP");
		MEMBERS.forget();
	}

	@Test
	void shouldSpreadNewClientsExactlyByWeightInEveryWindow() {
		List<StubMember> servedBy = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			servedBy.add(get("/new?n=" + i, null).member());
		}

		assertThat(LIGHT.uris()).hasSize(10);
		assertThat(HEAVY.uris()).hasSize(50);
		assertThat(STANDBY.uris()).isEmpty();
		for (int start = 0; start + 6 <= servedBy.size(); start++) {
			assertThat(servedBy.subList(start, start + 6)).as("new clients %d to %d", start, start + 5)
				.filteredOn((member) -> member == LIGHT)
				.hasSize(1);
		}
	}

	@Test
	void shouldKeepAStickyClientOnItsMemberWhileNewClientsAreStillBalanced() {
		// Pinned to the weight-1 member, so only affinity can keep it there.
		Served first = get("/first?n=0", null);
		for (int i = 1; i < 6 && first.member() != LIGHT; i++) {
			first = get("/first?n=" + i, null);
		}
		assertThat(first.member()).isSameAs(LIGHT);
		String token = first.token();
		assertThat(token).isNotNull();
		MEMBERS.forget();

		List<String> sticky = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			if (i < 10) {
				sticky.add("/sticky?n=" + i);
				assertThat(get("/sticky?n=" + i, token).token()).as("cookie not re-issued").isNull();
			}
			get("/new?n=" + i, null);
		}

		assertThat(LIGHT.uris()).filteredOn((uri) -> uri.startsWith("/sticky")).containsExactlyElementsOf(sticky);
		assertThat(LIGHT.uris()).filteredOn((uri) -> uri.startsWith("/new")).hasSize(2);
		assertThat(HEAVY.uris()).hasSize(10).allMatch((uri) -> uri.startsWith("/new"));
		assertThat(STANDBY.uris()).isEmpty();
	}

	@Test
	void shouldServeFromTheStandbyOnlyWhileNoActivePassesItsChecksAndFailBackAtOnce() {
		for (int i = 0; i < 12; i++) {
			get("/before?n=" + i, null);
		}
		assertThat(STANDBY.uris()).as("standby while the actives are usable").isEmpty();

		LIGHT.failProbes(true);
		HEAVY.failProbes(true);
		List<Served> onset = getUntil("/onset", () -> !this.balancer.snapshot().member("was1").orElseThrow().ready()
				&& !this.balancer.snapshot().member("was2").orElseThrow().ready());

		assertThat(onset).allMatch(Served::ok);
		JsonNode outage = membersHealth();
		assertThat(outage.at("/status").asText()).as("UP while the standby is").isEqualTo("UP");
		assertThat(outage.at("/details/was1/state").asText()).isEqualTo("DOWN");
		assertThat(outage.at("/details/was1/lastReason").asText()).isEqualTo("503");
		assertThat(outage.at("/details/was2/state").asText()).isEqualTo("DOWN");
		assertThat(outage.at("/details/was2/lastReason").asText()).isEqualTo("503");
		assertThat(outage.at("/details/was3/state").asText()).isEqualTo("UP");

		Served pinned = get("/outage?n=0", null);
		for (int i = 1; i < 6; i++) {
			get("/outage?n=" + i, null);
		}
		assertThat(pinned.member()).isSameAs(STANDBY);
		assertThat(pinned.token()).isNotNull();
		assertThat(STANDBY.uris()).filteredOn((uri) -> uri.startsWith("/outage")).hasSize(6);
		assertThat(Stream.of(LIGHT, HEAVY).flatMap((member) -> member.uris().stream()))
			.noneMatch((uri) -> uri.startsWith("/outage"));

		LIGHT.failProbes(false);
		HEAVY.failProbes(false);
		List<Served> rise = getUntil("/rise", () -> this.balancer.snapshot().member("was1").orElseThrow().ready()
				&& this.balancer.snapshot().member("was2").orElseThrow().ready());

		assertThat(rise).allMatch(Served::ok);
		JsonNode back = membersHealth();
		assertThat(back.at("/details/was1/state").asText()).isEqualTo("UP");
		assertThat(back.at("/details/was2/state").asText()).isEqualTo("UP");
		List<StubMember> failedBack = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			failedBack.add(get("/after?n=" + i, null).member());
		}
		assertThat(failedBack).filteredOn((member) -> member == LIGHT).hasSize(1);
		assertThat(failedBack).filteredOn((member) -> member == HEAVY).hasSize(5);

		Served moved = get("/pinned", pinned.token());
		assertThat(moved.member()).isIn(LIGHT, HEAVY);
		assertThat(moved.token()).as("cookie re-issued for the active").isNotNull().isNotEqualTo(pinned.token());
		Served stays = get("/pinned-again", moved.token());
		assertThat(stays.member()).isSameAs(moved.member());
		assertThat(stays.token()).isNull();
		assertThat(STANDBY.uris()).noneMatch((uri) -> uri.startsWith("/after") || uri.startsWith("/pinned"));
	}

	@Test
	void shouldTakeAHangingMemberOutOfRotationWithinFallIntervalsPlusTimeoutWithoutFailingAGet() throws Exception {
		WebClient web = WebClient.create("http://127.0.0.1:" + this.port);
		Map<String, Long> sentAt = new ConcurrentHashMap<>();
		long hungAt = System.nanoTime();
		HEAVY.hang();
		// A new client each 25 ms for 1.5 s, before, during and after the checks notice.
		CompletableFuture<List<Timed>> load = Flux.interval(Duration.ofMillis(25))
			.take(LOAD)
			.flatMap((i) -> timedGet(web, "/hang?n=" + i, sentAt), 64)
			.collectList()
			.toFuture();

		// Out of rotation when the balancer no longer offers it to new clients.
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> !this.balancer.snapshot().member("was2").orElseThrow().ready()
					|| this.balancer.snapshot().member("was2").orElseThrow().ejected());
		long outAt = System.nanoTime();
		await().atMost(Duration.ofSeconds(2))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> "DOWN".equals(membersHealth().at("/details/was2/state").asText()));
		long downAt = System.nanoTime();
		List<Timed> results = load.get(15, TimeUnit.SECONDS);

		Duration outAfter = Duration.ofNanos(outAt - hungAt);
		Duration slowest = results.stream().map(Timed::took).max(Duration::compareTo).orElseThrow();
		System.out.println("hanging member out of rotation after " + outAfter.toMillis() + " ms, DOWN in health after "
				+ Duration.ofNanos(downAt - hungAt).toMillis() + " ms; slowest GET " + slowest.toMillis() + " ms");
		assertThat(outAfter)
			.isLessThanOrEqualTo(Duration.ofMillis(FALL * INTERVAL_MILLIS + PROBE_TIMEOUT_MILLIS + MARGIN_MILLIS));
		assertThat(results).hasSize(LOAD)
			.allSatisfy((timed) -> assertThat(timed.status()).as(timed.uri()).isEqualTo(200));
		assertThat(slowest).isLessThanOrEqualTo(Duration.ofMillis(RESPONSE_TIMEOUT_MILLIS + 1000));
		assertThat(HEAVY.uris()).as("GETs that met the hanging member")
			.isNotEmpty()
			.allSatisfy((uri) -> assertThat(sentAt.get(uri)).as(uri).isLessThan(outAt));
		// Each moved to another member (the standby too, should a slow probe take the
		// other active down meanwhile).
		assertThat(Stream.of(LIGHT, STANDBY).flatMap((member) -> member.uris().stream())).containsAll(HEAVY.uris())
			.doesNotHaveDuplicates();
		assertThat(membersHealth().at("/details/was2/lastReason").asText())
			.isEqualTo("timeout after " + PROBE_TIMEOUT_MILLIS + "ms");

		HEAVY.restart();
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> "UP".equals(membersHealth().at("/details/was2/state").asText()));
	}

	private Mono<Timed> timedGet(WebClient web, String uri, Map<String, Long> sentAt) {
		return Mono.defer(() -> {
			sentAt.put(uri, System.nanoTime());
			return web.get()
				.uri(uri)
				.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()));
		})
			.timeout(Duration.ofSeconds(10))
			.onErrorReturn(-1)
			.elapsed()
			.map((timed) -> new Timed(uri, timed.getT2(), Duration.ofMillis(timed.getT1())));
	}

	/**
	 * New clients, one by one, until the condition holds; bounded in time and count.
	 */
	private List<Served> getUntil(String path, BooleanSupplier condition) {
		List<Served> served = new ArrayList<>();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		for (int i = 0; i < 1000 && !condition.getAsBoolean() && System.nanoTime() < deadline; i++) {
			served.add(send(path + "?n=" + i, null));
		}
		assertThat(condition.getAsBoolean()).as("condition reached while sending " + path).isTrue();
		return served;
	}

	/** The members component of the health endpoint on the management port. */
	private JsonNode membersHealth() {
		byte[] body = Management.admin(this.managementPort)
			.get()
			.uri("/actuator/health")
			.exchange()
			.expectBody()
			.returnResult()
			.getResponseBody();
		try {
			return new ObjectMapper().readTree(body).at("/components/members");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A successful GET, the one member that received it, and the cookie issued if any.
	 */
	private Served get(String uri, String token) {
		Served served = send(uri, token);
		assertThat(served.ok()).as(uri).isTrue();
		return served;
	}

	private Served send(String uri, String token) {
		WebTestClient.RequestHeadersSpec<?> request = this.client.get().uri(uri);
		if (token != null) {
			request = request.cookie(COOKIE, token);
		}
		EntityExchangeResult<String> result = request.exchange().expectBody(String.class).returnResult();
		List<StubMember> receivers = MEMBERS.stream().filter((member) -> member.uris().contains(uri)).toList();
		if (result.getStatus().value() != 200) {
			return new Served(null, null, false);
		}
		assertThat(receivers).as("members that received " + uri).hasSize(1);
		StubMember member = receivers.get(0);
		assertThat(result.getResponseHeaders().getFirst(TandemHeaders.NODE)).isEqualTo(member.id());
		return new Served(member, cookieValue(result), true);
	}

	private static String cookieValue(EntityExchangeResult<String> result) {
		List<String> setCookies = result.getResponseHeaders().getOrDefault(HttpHeaders.SET_COOKIE, List.of());
		assertThat(setCookies).hasSizeLessThanOrEqualTo(1);
		if (setCookies.isEmpty()) {
			return null;
		}
		String setCookie = setCookies.get(0);
		assertThat(setCookie).startsWith(COOKIE + "=");
		return setCookie.substring(COOKIE.length() + 1, setCookie.indexOf(';'));
	}

	/** One GET as the client saw it: the member that served it and the cookie issued. */
	record Served(StubMember member, String token, boolean ok) {

	}

	/** One GET of the background load: its status (-1 for no answer) and duration. */
	record Timed(String uri, int status, Duration took) {

	}

}
