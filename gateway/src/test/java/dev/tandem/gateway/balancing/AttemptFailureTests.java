package dev.tandem.gateway.balancing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.unix.Errors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquirePendingLimitException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;
import reactor.netty.tcp.TcpClient;

import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptFailureTests {

	@Test
	void shouldCallRefusedConnectionsNeverSent() throws IOException {
		assertThat(AttemptFailure.classify(refusedConnection())).isEqualTo(AttemptFailure.NEVER_SENT);
	}

	@Test
	void shouldCallEveryFailureToConnectNeverSent() {
		assertThat(new Throwable[] { new ConnectTimeoutException("connection timed out: /10.0.0.9:8080"),
				new ConnectException("Connection refused"), new NoRouteToHostException("No route to host"),
				new UnknownHostException("pi2.local"), new PoolAcquirePendingLimitException(10) })
			.allSatisfy((error) -> assertThat(AttemptFailure.classify(error)).isEqualTo(AttemptFailure.NEVER_SENT));
	}

	@Test
	void shouldCallAPoolAcquireTimeoutNeverSentAlthoughItIsATimeout() {
		assertThat(AttemptFailure.classify(new PoolAcquireTimeoutException(Duration.ofSeconds(45))))
			.isEqualTo(AttemptFailure.NEVER_SENT);
	}

	@Test
	void shouldCallTheGatewaysResponseTimeoutSent() {
		// Exactly what NettyRoutingFilter raises when a member takes too long to answer.
		ResponseStatusException timeout = new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT,
				"Response took longer than timeout: PT1S",
				new org.springframework.cloud.gateway.support.TimeoutException(
						"Response took longer than timeout: PT1S"));

		assertThat(AttemptFailure.classify(timeout)).isEqualTo(AttemptFailure.SENT);
	}

	@Test
	void shouldCallFailuresAfterTheConnectionWasEstablishedSent() {
		assertThat(new Throwable[] { PrematureCloseException.TEST_EXCEPTION, new SocketException("Connection reset"),
				new Errors.NativeIoException("recvAddress(..)", Errors.ERRNO_ECONNRESET_NEGATIVE),
				new AbortedException("Connection has been closed BEFORE send operation"),
				new TimeoutException("read timed out"),
				new IllegalStateException("wrapped", new IOException("Broken pipe")) })
			.allSatisfy((error) -> assertThat(AttemptFailure.classify(error)).isEqualTo(AttemptFailure.SENT));
	}

	@Test
	void shouldNotBlameAMemberForTheGatewaysOwnErrors() {
		assertThat(new Throwable[] { NotFoundException.create(false, "Unable to find instance for tandem"),
				new IllegalStateException("bug"), new ResponseStatusException(HttpStatus.BAD_REQUEST) })
			.allSatisfy((error) -> assertThat(AttemptFailure.classify(error))
				.isEqualTo(AttemptFailure.NOT_A_MEMBER_FAILURE));
	}

	@Test
	void shouldStopAtACyclicCauseChain() {
		IOException first = new IOException("first");
		IllegalStateException second = new IllegalStateException("second", first);
		first.initCause(second);

		assertThat(AttemptFailure.classify(second)).isEqualTo(AttemptFailure.SENT);
	}

	// Whatever Reactor Netty raises for a refused connect on this platform
	// (AbstractChannel$AnnotatedConnectException on NIO).
	private static Throwable refusedConnection() throws IOException {
		InetSocketAddress closed;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closed = new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
		}
		return TcpClient.create()
			.remoteAddress(() -> closed)
			.connect()
			.then(Mono.<Throwable>empty())
			.onErrorResume(Mono::just)
			.block(Duration.ofSeconds(5));
	}

}
