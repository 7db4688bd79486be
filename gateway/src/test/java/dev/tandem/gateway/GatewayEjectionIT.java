package dev.tandem.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.balancing.core.BalancerSnapshot;
import dev.tandem.gateway.testing.StubMember;
import dev.tandem.gateway.testing.StubMembers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Passive ejection through real HTTP, with active health checks off so that only live
 * requests judge the members: a member whose server stops is ejected by the first request
 * that fails on it, receives nothing for the ejection duration even once it listens
 * again, and then takes its full share again at once (slow start is off here and on in
 * {@link GatewaySlowStartIT}). Judged by what each member received.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "tandem.gateway.health.enabled=false",
				"tandem.gateway.ejection.consecutive-failures=1",
				"tandem.gateway.ejection.duration=" + GatewayEjectionIT.EJECTION_MILLIS + "ms",
				// Off for the exact counts; GatewaySlowStartIT has it on.
				"tandem.gateway.balancing.slow-start=0" })
class GatewayEjectionIT {

	static final long EJECTION_MILLIS = 1000;

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("was1", "was2");

	static final StubMember SURVIVOR = MEMBERS.get("was1");

	static final StubMember STOPPED = MEMBERS.get("was2");

	@LocalServerPort
	int port;

	@Autowired
	Balancer balancer;

	WebTestClient client;

	@BeforeEach
	void startFromBothMembersUp() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(10))
			.build();
		// An earlier test's ejection ends by its deadline.
		await().atMost(Duration.ofSeconds(5)).until(() -> !stopped().ejected());
		MEMBERS.forget();
	}

	@Test
	void shouldKeepAnEjectedMemberOutForTheEjectionDurationThenShareEvenlyAgain() {
		long ejectionStart = ejectStoppedMemberAndRestartIt();

		List<String> whileEjected = getEach("/ejected", 10);
		long sentWhileEjected = System.nanoTime();

		assertThat(Duration.ofNanos(sentWhileEjected - ejectionStart)).as("all sent within the ejection")
			.isLessThan(Duration.ofMillis(EJECTION_MILLIS));
		assertThat(STOPPED.uris()).as("listening again, but ejected").isEmpty();
		assertThat(SURVIVOR.uris()).containsAll(whileEjected);

		// Back once the ejection is over: new clients until one reaches it, bounded.
		List<String> polled = new ArrayList<>();
		await().atMost(Duration.ofMillis(EJECTION_MILLIS + 3000)).pollInterval(Duration.ofMillis(20)).until(() -> {
			polled.add(get("/return?n=" + polled.size()));
			return !STOPPED.received().isEmpty();
		});
		long returnedAt = System.nanoTime();
		System.out.println("ejected member received traffic again " + (returnedAt - ejectionStart) / 1_000_000
				+ " ms after its ejection");
		assertThat(Duration.ofNanos(returnedAt - ejectionStart))
			.isGreaterThanOrEqualTo(Duration.ofMillis(EJECTION_MILLIS))
			.isLessThan(Duration.ofMillis(EJECTION_MILLIS + 1000));

		MEMBERS.forget();
		List<String> after = getEach("/after", 10);
		assertThat(STOPPED.uris()).hasSize(5);
		assertThat(SURVIVOR.uris()).hasSize(5);
		assertThat(Stream.concat(STOPPED.uris().stream(), SURVIVOR.uris().stream()))
			.containsExactlyInAnyOrderElementsOf(after);
	}

	/**
	 * Stops a member, sends new clients until one met it and got it ejected, and starts
	 * it again.
	 * @return a time before the ejection began, by {@link System#nanoTime()}
	 */
	long ejectStoppedMemberAndRestartIt() {
		STOPPED.stop();
		long before = System.nanoTime();
		// Equal weights alternate: the first or the second new client meets it.
		for (int i = 0; i < 2 && !stopped().ejected(); i++) {
			get("/eject?n=" + i);
		}
		// The failed attempt's end is reported by the attempt itself, which can come just
		// after the client has its answer from the other member (CI saw it once).
		await().atMost(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(stopped().ejected()).as("ejected by the first failed request").isTrue());
		assertThat(stopped().consecutiveFailures()).isZero();
		STOPPED.restart();
		return before;
	}

	BalancerSnapshot.Member stopped() {
		return this.balancer.snapshot().member(STOPPED.id()).orElseThrow();
	}

	List<String> getEach(String path, int count) {
		List<String> uris = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			uris.add(get(path + "?n=" + i));
		}
		return uris;
	}

	String get(String uri) {
		this.client.get().uri(uri).exchange().expectStatus().isOk();
		return uri;
	}

}
