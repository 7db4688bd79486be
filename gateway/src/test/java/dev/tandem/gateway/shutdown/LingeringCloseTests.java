package dev.tandem.gateway.shutdown;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link LingeringClose} on a real loopback connection: the server writes an answer and
 * closes while the client is still sending. Draining, the client can go on sending and
 * then reads the whole answer and the end of the stream; not draining, the close is
 * plain, and the client's further bytes are answered with a reset.
 */
class LingeringCloseTests {

	private static final byte[] ANSWER = "answer".getBytes(StandardCharsets.US_ASCII);

	private final LingeringConnections connections = new LingeringConnections(Duration.ofSeconds(5));

	private final BlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();

	private DisposableServer server;

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.disposeNow(Duration.ofSeconds(5));
		}
	}

	@Test
	void shouldLetTheClientFinishSendingAndReadTheAnswerWhileDraining() throws Exception {
		this.connections.onApplicationEvent(new ContextClosedEvent(new GenericApplicationContext()));
		try (Socket client = connectToAServerThatAnswersAndCloses()) {
			// The server has closed; a plain close would reset these.
			for (int i = 0; i < 20; i++) {
				client.getOutputStream().write("more body\r\n".getBytes(StandardCharsets.US_ASCII));
				client.getOutputStream().flush();
				Thread.sleep(20);
			}
			InputStream in = client.getInputStream();
			assertThat(in.readNBytes(ANSWER.length)).as("answer read after the close").isEqualTo(ANSWER);
			assertThat(in.read()).as("end of stream after the answer").isEqualTo(-1);
		}
		long start = System.nanoTime();
		this.connections.stop();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("wait for the lingering connection")
			.isLessThan(Duration.ofSeconds(3));
	}

	@Test
	void shouldCloseAtOnceWhenNotDraining() throws Exception {
		try (Socket client = connectToAServerThatAnswersAndCloses()) {
			assertThatThrownBy(() -> {
				OutputStream out = client.getOutputStream();
				for (int i = 0; i < 50; i++) {
					out.write("more body\r\n".getBytes(StandardCharsets.US_ASCII));
					out.flush();
					Thread.sleep(20);
				}
			}).as("sending after a plain close").isInstanceOf(IOException.class);
		}
	}

	/**
	 * A server with the handler first in each connection's pipeline that, once it has
	 * read the client's first bytes, writes {@link #ANSWER} and closes the connection.
	 */
	private Socket connectToAServerThatAnswersAndCloses() throws Exception {
		this.server = TcpServer.create()
			.host("127.0.0.1")
			.port(0)
			.doOnChannelInit((observer, channel, address) -> channel.pipeline()
				.addFirst(LingeringClose.NAME, new LingeringClose(this.connections)))
			.doOnConnection((connection) -> this.accepted.add(connection.channel()))
			.handle((inbound, outbound) -> inbound.receive()
				.take(1)
				.then(outbound.sendByteArray(Mono.just(ANSWER)).then())
				.then(Mono.fromRunnable(() -> inbound.withConnection((c) -> c.channel().close()))))
			.bindNow();
		Socket client = new Socket();
		client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.server.port()), 2000);
		client.setSoTimeout(5000);
		client.getOutputStream().write("head\r\n".getBytes(StandardCharsets.US_ASCII));
		client.getOutputStream().flush();
		Channel channel = this.accepted.poll(5, TimeUnit.SECONDS);
		assertThat(channel).as("accepted connection").isNotNull();
		// The server's close has happened once its output is shut or it is closed.
		for (int i = 0; i < 100 && channel.isActive() && !((DuplexChannel) channel).isOutputShutdown(); i++) {
			Thread.sleep(20);
		}
		return client;
	}

}
