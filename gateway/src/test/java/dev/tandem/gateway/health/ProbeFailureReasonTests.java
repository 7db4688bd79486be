package dev.tandem.gateway.health;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.PrematureCloseException;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeFailureReasonTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	@Test
	void shouldNameTimeoutsWithTheConfiguredTimeout() {
		assertThat(ProbeFailureReason.of(new TimeoutException(), TIMEOUT)).isEqualTo("timeout after 1s");
		assertThat(ProbeFailureReason.of(ReadTimeoutException.INSTANCE, TIMEOUT)).isEqualTo("timeout after 1s");
		assertThat(ProbeFailureReason.of(new ConnectTimeoutException("connection timed out"), Duration.ofMillis(150)))
			.isEqualTo("timeout after 150ms");
	}

	@Test
	void shouldNameConnectionFailures() {
		assertThat(ProbeFailureReason.of(new ConnectException("Connection refused"), TIMEOUT))
			.isEqualTo("connect refused");
		assertThat(ProbeFailureReason.of(new UnknownHostException("was9"), TIMEOUT)).isEqualTo("unknown host");
		assertThat(ProbeFailureReason.of(PrematureCloseException.TEST_EXCEPTION, TIMEOUT))
			.isEqualTo("connection closed before the response");
		assertThat(ProbeFailureReason.of(new IOException("recvAddress(..) failed: Connection reset by peer"), TIMEOUT))
			.isEqualTo("connection reset");
	}

	@Test
	void shouldFallBackToTheExceptionAndAShortMessage() {
		assertThat(ProbeFailureReason.of(new IllegalStateException("boom"), TIMEOUT))
			.isEqualTo("IllegalStateException: boom");
		assertThat(ProbeFailureReason.of(new IllegalStateException("x".repeat(500)), TIMEOUT))
			.isEqualTo("IllegalStateException: " + "x".repeat(117) + "...");
	}

}
