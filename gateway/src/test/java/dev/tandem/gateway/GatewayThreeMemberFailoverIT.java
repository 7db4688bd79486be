package dev.tandem.gateway;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import dev.tandem.gateway.testing.AttemptRecorder;
import dev.tandem.gateway.testing.StubMember;
import dev.tandem.gateway.testing.StubMembers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
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

	@RegisterExtension
	static final StubMembers MEMBERS = StubMembers.of("was1", "was2", "was3");

	static final StubMember FIRST_FAILING = MEMBERS.get("was1");

	static final StubMember SECOND_FAILING = MEMBERS.get("was2");

	static final StubMember HEALTHY = MEMBERS.get("was3");

	@LocalServerPort
	int port;

	@Autowired
	AttemptRecorder attempts;

	@BeforeEach
	void forgetEarlierAttempts() {
		this.attempts.forget();
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

}
