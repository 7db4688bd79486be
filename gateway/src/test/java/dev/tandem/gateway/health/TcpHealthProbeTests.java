package dev.tandem.gateway.health;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

import dev.tandem.gateway.member.ExpectedStatus;
import dev.tandem.gateway.member.HealthCheck;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class TcpHealthProbeTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final TcpHealthProbe probe = new TcpHealthProbe(TIMEOUT);

	@Test
	void shouldPassWhenTheMembersPortAcceptsAConnection() throws IOException {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			ProbeResult result = this.probe.apply(target(server.getLocalPort())).block(TIMEOUT.multipliedBy(2));

			// The probe's connection reached the port: the test accepts it here.
			server.setSoTimeout((int) TIMEOUT.toMillis());
			try (Socket accepted = server.accept()) {
				assertThat(accepted.getInetAddress().isLoopbackAddress()).isTrue();
			}
			assertThat(result.passed()).isTrue();
			assertThat(result.reason()).isEqualTo(TcpHealthProbe.CONNECTED);
			assertThat(result.cluster()).isNull();
		}
	}

	@Test
	void shouldFailWhenNothingListensOnThePort() throws IOException {
		int closed;
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closed = server.getLocalPort();
		}

		String outcome = this.probe.apply(target(closed))
			.map((result) -> "answered " + result.reason())
			.onErrorResume((ex) -> Mono.just("failed: " + ProbeFailureReason.of(ex, TIMEOUT)))
			.block(TIMEOUT.multipliedBy(2));

		assertThat(outcome).isEqualTo("failed: connect refused");
	}

	@Test
	void shouldConnectToTheSchemesDefaultPortWhenTheAddressNamesNone() {
		HealthTarget https = new HealthTarget("was1", URI.create("https://127.0.0.1"), HealthCheck.Type.TCP,
				ExpectedStatus.SUCCESSFUL);
		HealthTarget http = new HealthTarget("was1", URI.create("http://127.0.0.1/"), HealthCheck.Type.TCP,
				ExpectedStatus.SUCCESSFUL);

		assertThat(https.port()).isEqualTo(443);
		assertThat(http.port()).isEqualTo(80);
	}

	private static HealthTarget target(int port) {
		return new HealthTarget("tomcat1", URI.create("http://127.0.0.1:" + port), HealthCheck.Type.TCP,
				ExpectedStatus.SUCCESSFUL);
	}

}
