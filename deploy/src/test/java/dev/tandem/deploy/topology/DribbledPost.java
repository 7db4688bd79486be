package dev.tandem.deploy.topology;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * A {@code POST} on a socket of its own whose chunked body dribbles in, one byte a pause,
 * for a test that stops the gateway while the body is still arriving. The was-node
 * answers such a request before reading its body, so the answer comes back while the body
 * is still being sent: {@link #answered()} completes then, which tells the test that the
 * gateway has the request (a SIGTERM before that can find the request not yet read, and
 * the gateway closes such a connection as idle). How the connection ended after the body
 * is reported by {@link #ended()}.
 */
final class DribbledPost {

	private final CompletableFuture<String> answered = new CompletableFuture<>();

	private final CompletableFuture<String> ended = new CompletableFuture<>();

	private volatile Instant lastByteSent;

	private DribbledPost() {
	}

	/** Bounds the body (and the test) if the drain never begins: a minute of bytes. */
	private static final int MAX_BYTES = 150;

	/**
	 * Send the request on a new thread.
	 * @param gateway the gateway's public base URI
	 * @param path the request's path
	 * @param pause the pause before each byte of the body, one per chunk
	 * @param drainBegan whether the gateway has begun to drain, asked before each byte
	 * @param bytesAfter how many bytes still follow once it has
	 */
	static DribbledPost start(URI gateway, String path, Duration pause, BooleanSupplier drainBegan, int bytesAfter) {
		DribbledPost post = new DribbledPost();
		Thread sender = new Thread(() -> post.send(gateway, path, pause, drainBegan, bytesAfter), "dribbled-post");
		sender.setDaemon(true);
		sender.start();
		return post;
	}

	/**
	 * The answer's status and body as the client read them (or what went wrong), once
	 * read: while the body is still being sent.
	 */
	CompletableFuture<String> answered() {
		return this.answered;
	}

	/**
	 * How the connection ended after the whole body was sent: {@code end of stream}, or
	 * what went wrong (a reset, bytes the client did not expect).
	 */
	CompletableFuture<String> ended() {
		return this.ended;
	}

	/** When the body's end went out (null if it never did). */
	Instant lastByteSent() {
		return this.lastByteSent;
	}

	private void send(URI gateway, String path, Duration pause, BooleanSupplier drainBegan, int bytesAfter) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(gateway.getHost(), gateway.getPort()), 5000);
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			out.write(("POST " + path + " HTTP/1.1\r\nHost: " + gateway.getHost()
					+ "\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n1\r\nx\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			this.answered.complete(readAnswer(in));
			boolean draining = false;
			int afterDrainBegan = 0;
			for (int sent = 1; sent < MAX_BYTES && afterDrainBegan < bytesAfter; sent++) {
				draining = draining || drainBegan.getAsBoolean();
				if (draining) {
					afterDrainBegan++;
				}
				Thread.sleep(pause.toMillis());
				out.write("1\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
			}
			out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			this.lastByteSent = Instant.now();
			int next = in.read();
			this.ended.complete((next == -1) ? "end of stream" : "unexpected byte " + next + " after the answer");
		}
		catch (IOException | RuntimeException ex) {
			failed(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			failed(ex);
		}
	}

	private void failed(Exception ex) {
		this.answered.complete("failed: " + ex);
		this.ended.complete("failed: " + ex);
	}

	/** One answer: its status line's code and its body (by length or chunks). */
	private static String readAnswer(InputStream in) throws IOException {
		String statusLine = line(in);
		if (statusLine == null) {
			return "failed: connection closed before an answer";
		}
		int length = -1;
		boolean chunked = false;
		for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
			String lower = header.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				length = Integer.parseInt(lower.substring("content-length:".length()).trim());
			}
			else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
				chunked = true;
			}
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		if (chunked) {
			for (String size = line(in); size != null; size = line(in)) {
				int chunk = Integer.parseInt(size.trim(), 16);
				if (chunk == 0) {
					line(in);
					break;
				}
				body.write(in.readNBytes(chunk));
				line(in);
			}
		}
		else if (length >= 0) {
			body.write(in.readNBytes(length));
		}
		else {
			return "failed: an answer of no announced length: " + statusLine;
		}
		return statusLine.split(" ")[1] + " " + body.toString(StandardCharsets.UTF_8);
	}

	/** One CRLF-terminated line, or null at the end of the stream. */
	private static String line(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int b = in.read(); b != -1; b = in.read()) {
			if (b == '\n') {
				int end = line.length();
				return (end > 0 && line.charAt(end - 1) == '\r') ? line.substring(0, end - 1) : line.toString();
			}
			line.append((char) b);
		}
		return (line.length() == 0) ? null : line.toString();
	}

}
