package dev.tandem.gateway.edge;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.BiConsumer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.tandem.gateway.testing.StubMember;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The members, limits and timeouts the edge suite runs the gateway with, and the checks
 * its corpus shares. The limits are small so that exceeding them is cheap.
 */
final class EdgeSuite {

	static final String WAS1 = "was1";

	static final String WAS2 = "was2";

	/** Tier 1: used only while no active member is usable. */
	static final String STANDBY = "was3";

	/** Running, but its readiness answers 503, as a node shutting down. */
	static final String DRAINING = "was4";

	/** Configured, but nothing listens on its port. */
	static final String DEAD = "was5";

	static final String AFFINITY_SECRET = "edge-suite-affinity-secret";

	static final long MAX_BODY_BYTES = 256 * 1024;

	static final long MAX_BUFFERED_BODY_BYTES = 16 * 1024;

	static final Duration BODY_TIMEOUT = Duration.ofSeconds(1);

	static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);

	private EdgeSuite() {
	}

	static long maxBodyBytes() {
		return MAX_BODY_BYTES;
	}

	static long maxBufferedBodyBytes() {
		return MAX_BUFFERED_BODY_BYTES;
	}

	static Duration bodyTimeout() {
		return BODY_TIMEOUT;
	}

	static Duration headerTimeout() {
		return HEADER_TIMEOUT;
	}

	/** The gateway's affinity token for a member id, as its codec computes it. */
	static String affinityToken(String memberId) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(AFFINITY_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] digest = mac.doFinal(memberId.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The client is served normally and given a route to the member that served it. */
	static BiConsumer<StubMember.Received, RawExchange> servedByAnActiveWithANewRoute(String staleToken) {
		return (received, exchange) -> {
			assertThat(exchange.status()).isEqualTo(200);
			assertThat(exchange.lowerText()).contains("set-cookie: tandem_route=");
			assertThat(exchange.text()).doesNotContain("TANDEM_ROUTE=" + staleToken);
		};
	}

	/** Nothing the client sent turns up as a header of the answer. */
	static BiConsumer<StubMember.Received, RawExchange> noInjectedResponseHeader() {
		return (received, exchange) -> assertThat(exchange.lowerText()).doesNotContain("evil=1\r\n")
			.doesNotContain("set-cookie: evil")
			.doesNotContain(STANDBY);
	}

	/**
	 * The member sees the forwarding headers the gateway wrote and none of the client's.
	 */
	static BiConsumer<StubMember.Received, RawExchange> forwardingHeadersWrittenByTheGateway() {
		return (received, exchange) -> {
			assertThat(received.headers().get("X-Forwarded-For")).containsExactly("127.0.0.1");
			assertThat(received.headers().get("X-Forwarded-Proto")).containsExactly("http");
			assertThat(received.headers().get("X-Forwarded-Host")).containsExactly("tandem.test");
			assertThat(received.headers()).doesNotContainKeys("Forwarded", "X-Forwarded-Prefix");
			assertThat(received.headers().toString()).doesNotContain("6.6.6.6").doesNotContain("evil");
		};
	}

}
