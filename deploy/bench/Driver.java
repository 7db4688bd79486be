import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Fixed-rate load driver for Tandem's benchmark: sends GETs at a constant rate over a pool of
 * keep-alive connections and measures each latency from the request's intended send time, so a
 * stalled target cannot hide its stall (no coordinated omission). Targets are measured in turns,
 * several rounds, each turn bounded in time.
 *
 * <pre>java Driver.java RATE SECONDS ROUNDS CONNECTIONS name=http://127.0.0.1:PORT/path ...</pre>
 *
 * Prints one line per target: name, p50 and p99 in milliseconds (median over rounds), requests,
 * errors and late sends.
 */
public class Driver {

	public static void main(String[] args) throws Exception {
		if (args.length < 5) {
			System.err.println("usage: java Driver.java RATE SECONDS ROUNDS CONNECTIONS name=url ...");
			System.exit(2);
		}
		int rate = Integer.parseInt(args[0]);
		int seconds = Integer.parseInt(args[1]);
		int rounds = Integer.parseInt(args[2]);
		int connections = Integer.parseInt(args[3]);
		List<String> names = new ArrayList<>();
		List<URI> uris = new ArrayList<>();
		for (int i = 4; i < args.length; i++) {
			int eq = args[i].indexOf('=');
			names.add(args[i].substring(0, eq));
			uris.add(URI.create(args[i].substring(eq + 1)));
		}
		// Warm the driver itself and each target's connections (not recorded).
		for (URI uri : uris) {
			run(uri, rate, Math.max(1, seconds / 3), connections);
		}
		double[][] p50 = new double[uris.size()][rounds];
		double[][] p99 = new double[uris.size()][rounds];
		long[] requests = new long[uris.size()];
		long[] errors = new long[uris.size()];
		long[] late = new long[uris.size()];
		for (int r = 0; r < rounds; r++) {
			for (int t = 0; t < uris.size(); t++) {
				Result result = run(uris.get(t), rate, seconds, connections);
				p50[t][r] = result.percentile(50);
				p99[t][r] = result.percentile(99);
				requests[t] += result.latencies.length;
				errors[t] += result.errors;
				late[t] += result.late;
			}
		}
		for (int t = 0; t < uris.size(); t++) {
			System.out.printf("FIXED %s %.3f %.3f %d %d %d%n", names.get(t), median(p50[t]), median(p99[t]),
					requests[t], errors[t], late[t]);
		}
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	static Result run(URI uri, int rate, int seconds, int connections) throws Exception {
		int total = rate * seconds;
		long interval = TimeUnit.SECONDS.toNanos(1) / rate;
		BlockingQueue<Long> due = new ArrayBlockingQueue<>(total + 1);
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		long[] errors = new long[connections];
		CountDownLatch finished = new CountDownLatch(connections);
		byte[] request = ("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
				+ "\r\nUser-Agent: tandem-bench\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 10);
		for (int c = 0; c < connections; c++) {
			int index = c;
			Thread worker = new Thread(() -> {
				Connection socket = null;
				try {
					while (true) {
						Long intended = due.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
						if (intended == null || intended < 0) {
							break;
						}
						try {
							if (socket == null) {
								socket = connect(uri);
							}
							exchange(socket, request);
							latencies.add(System.nanoTime() - intended);
						}
						catch (IOException ex) {
							errors[index]++;
							latencies.add(System.nanoTime() - intended);
							close(socket);
							socket = null;
						}
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				finally {
					close(socket);
					finished.countDown();
				}
			});
			worker.setDaemon(true);
			worker.start();
		}
		long start = System.nanoTime();
		long late = 0;
		for (int i = 0; i < total; i++) {
			long intended = start + i * interval;
			long wait = intended - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			// Every worker busy: the request waits in the queue, and its wait counts in its latency.
			if (!due.isEmpty()) {
				late++;
			}
			due.add(intended);
		}
		for (int c = 0; c < connections; c++) {
			due.add(-1L);
		}
		finished.await(seconds + 15, TimeUnit.SECONDS);
		long[] values = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
		return new Result(values, Arrays.stream(errors).sum() + (total - values.length), late);
	}

	static Connection connect(URI uri) throws IOException {
		Socket socket = new Socket();
		socket.setTcpNoDelay(true);
		socket.setSoTimeout(10_000);
		socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
		return new Connection(socket, new BufferedInputStream(socket.getInputStream(), 16384),
				socket.getOutputStream());
	}

	record Connection(Socket socket, InputStream in, OutputStream out) {

	}

	// Sends one request and reads one response (Content-Length or chunked body) off the socket.
	static void exchange(Connection connection, byte[] request) throws IOException {
		connection.out().write(request);
		connection.out().flush();
		InputStream in = connection.in();
		String status = line(in);
		if (!status.startsWith("HTTP/1.1 2")) {
			throw new IOException("status " + status);
		}
		long length = -1;
		boolean chunked = false;
		for (String header = line(in); !header.isEmpty(); header = line(in)) {
			String lower = header.toLowerCase();
			if (lower.startsWith("content-length:")) {
				length = Long.parseLong(lower.substring(15).trim());
			}
			else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
				chunked = true;
			}
		}
		if (chunked) {
			for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16); size > 0; size = Long
				.parseLong(line(in).split(";")[0].trim(), 16)) {
				skip(in, size);
				line(in);
			}
			line(in);
		}
		else if (length > 0) {
			skip(in, length);
		}
	}

	static String line(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				throw new IOException("connection closed");
			}
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

	static void skip(InputStream in, long count) throws IOException {
		for (long left = count; left > 0;) {
			long skipped = in.skip(left);
			if (skipped <= 0) {
				if (in.read() < 0) {
					throw new IOException("connection closed");
				}
				skipped = 1;
			}
			left -= skipped;
		}
	}

	static void close(Connection connection) {
		if (connection != null) {
			try {
				connection.socket().close();
			}
			catch (IOException ex) {
				// nothing to do
			}
		}
	}

	record Result(long[] latencies, long errors, long late) {

		double percentile(double p) {
			if (this.latencies.length == 0) {
				return Double.NaN;
			}
			int index = (int) Math.ceil(p / 100 * this.latencies.length) - 1;
			return this.latencies[Math.max(0, index)] / 1e6;
		}

	}

}
