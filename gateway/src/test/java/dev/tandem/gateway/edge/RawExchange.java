package dev.tandem.gateway.edge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the gateway answered to bytes written over a plain socket, exactly as sent, so no
 * client library repairs a malformed request first. Reading stops when the server closes
 * the connection, when it has been briefly quiet after answering, or at a deadline; every
 * response on the connection is kept, so a second answer to a smuggled request shows.
 *
 * @param statuses the status of every response read, in order
 * @param text everything read, as ISO-8859-1
 * @param closedByServer the server closed (or reset) the connection
 * @param timedOut the deadline passed with the connection still open
 * @param millis time from the first byte written to the end of reading
 */
record RawExchange(List<Integer> statuses, String text, boolean closedByServer, boolean timedOut, long millis) {

	private static final Pattern STATUS_LINE = Pattern.compile("(?m)^HTTP/\\d\\.\\d (\\d{3})");

	/** How long the connection must stay quiet after an answer before reading stops. */
	private static final Duration QUIET = Duration.ofMillis(300);

	private static final int MAX_READ = 256 * 1024;

	/**
	 * Write the request and read what comes back.
	 * @param port the gateway's public port
	 * @param request the bytes to write
	 * @param afterWrite how long to keep the connection open and readable at most
	 * @return what came back
	 */
	static RawExchange send(int port, byte[] request, Duration afterWrite) throws IOException {
		long start = System.nanoTime();
		long deadline = start + afterWrite.toNanos();
		ByteArrayOutputStream answer = new ByteArrayOutputStream();
		boolean closed = false;
		boolean timedOut = false;
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
			socket.setSoTimeout((int) QUIET.toMillis());
			OutputStream out = socket.getOutputStream();
			try {
				out.write(request);
				out.flush();
			}
			catch (SocketException ex) {
				// The server may refuse and close while a large request is still being
				// written; what it answered before is still readable.
				closed = true;
			}
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[8192];
			while (true) {
				if (System.nanoTime() > deadline) {
					timedOut = answer.size() == 0;
					break;
				}
				int read;
				try {
					read = in.read(buffer);
				}
				catch (SocketTimeoutException ex) {
					if (answer.size() > 0 && complete(answer)) {
						break;
					}
					continue;
				}
				catch (SocketException ex) {
					closed = true;
					break;
				}
				if (read < 0) {
					closed = true;
					break;
				}
				answer.write(buffer, 0, Math.min(read, MAX_READ - answer.size()));
				if (answer.size() >= MAX_READ) {
					break;
				}
			}
		}
		String text = answer.toString(StandardCharsets.ISO_8859_1);
		List<Integer> statuses = new ArrayList<>();
		Matcher matcher = STATUS_LINE.matcher(text);
		while (matcher.find()) {
			statuses.add(Integer.parseInt(matcher.group(1)));
		}
		return new RawExchange(List.copyOf(statuses), text, closed, timedOut,
				Duration.ofNanos(System.nanoTime() - start).toMillis());
	}

	private static boolean complete(ByteArrayOutputStream answer) {
		return answer.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n");
	}

	/** The first response's status, or 0 when nothing was answered. */
	int status() {
		return this.statuses.isEmpty() ? 0 : this.statuses.get(0);
	}

	/**
	 * The statuses read, whether the server closed, and how long it took, for the report.
	 */
	String summary() {
		String answers = this.statuses.isEmpty() ? "nothing"
				: String.join(" then ", this.statuses.stream().map(String::valueOf).toList());
		return answers + (this.closedByServer ? ", closed" : "") + (this.timedOut ? ", timed out" : "") + " ("
				+ this.millis + " ms)";
	}

	/** The response headers and body of the first response, lower-cased for searching. */
	String lowerText() {
		return this.text.toLowerCase(java.util.Locale.ROOT);
	}

}
