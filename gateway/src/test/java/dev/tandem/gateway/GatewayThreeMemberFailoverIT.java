package dev.tandem.gateway;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in front of three active stub members, two of which fail: concurrent GETs,
 * whose turns at the balancer interleave, must all succeed, each meeting every member at
 * most once.
 */
// Health checks and passive ejection would carry one test's stopped members into the
// next; GatewayBalancingIT covers them.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "tandem.gateway.health.enabled=false",
				"tandem.gateway.ejection.consecutive-failures=0" })
@Import(AttemptRecorder.class)
class GatewayThreeMemberFailoverIT {

	static final int REQUESTS = 30;

	static final StubMember FIRST_FAILING = StubMember.start("was1");

	static final StubMember SECOND_FAILING = StubMember.start("was2");

	static final StubMember HEALTHY = StubMember.start("was3");

	@LocalServerPort
	int port;

	@Autowired
	AttemptRecorder attempts;

	@DynamicPropertySource
	static void members(DynamicPropertyRegistry registry) {
		FIRST_FAILING.register(registry, 0, 0);
		SECOND_FAILING.register(registry, 1, 0);
		HEALTHY.register(registry, 2, 0);
	}

	@AfterAll
	static void stopMembers() {
		members().forEach(StubMember::close);
	}

	@BeforeEach
	void forgetEarlierRequests() {
		members().forEach(StubMember::forget);
		this.attempts.forget();
	}

	@AfterEach
	void restartMembers() {
		members().forEach(StubMember::restart);
	}

	@Test
	void shouldServeEveryGetWhenTwoOfThreeMembersRefuseConnections() {
		FIRST_FAILING.stop();
		SECOND_FAILING.stop();

		List<String> servedBy = getConcurrently();

		assertThat(servedBy).hasSize(REQUESTS).containsOnly("was3");
		assertThat(HEALTHY.uris()).containsExactlyInAnyOrderElementsOf(uris());
		assertThat(uris())
			.allSatisfy((uri) -> assertThat(this.attempts.membersTried(uri)).doesNotHaveDuplicates().endsWith("was3"));
	}

	@Test
	void shouldNeverSendAGetTwiceToTheSameMember() {
		FIRST_FAILING.dropConnections();
		SECOND_FAILING.dropConnections();

		List<String> servedBy = getConcurrently();

		assertThat(servedBy).hasSize(REQUESTS).containsOnly("was3");
		assertThat(HEALTHY.uris()).containsExactlyInAnyOrderElementsOf(uris());
		assertThat(FIRST_FAILING.uris()).isNotEmpty().doesNotHaveDuplicates();
		assertThat(SECOND_FAILING.uris()).isNotEmpty().doesNotHaveDuplicates();
	}

	/** GET each URI, six at a time, so the balancer's turns interleave. */
	private List<String> getConcurrently() {
		WebClient client = WebClient.create("http://127.0.0.1:" + this.port);
		return Flux.fromIterable(uris())
			.flatMap((uri) -> client.get().uri(uri).retrieve().bodyToMono(String.class), 6)
			.collectList()
			.block(Duration.ofSeconds(60));
	}

	private static List<String> uris() {
		return IntStream.range(0, REQUESTS).mapToObj((i) -> "/hello?n=" + i).toList();
	}

	private static Stream<StubMember> members() {
		return Stream.of(FIRST_FAILING, SECOND_FAILING, HEALTHY);
	}

}
