package dev.tandem.gateway.accesslog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.status.OnErrorConsoleStatusListener;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.FileSize;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.unit.DataSize;

/**
 * The access log's file: a bounded queue of lines that one thread of its own writes, in
 * batches, through a Logback logger whose only appender is a {@link RollingFileAppender}
 * rolling the file over by size into a fixed window of numbered files
 * ({@code access.log.1} the newest), with the pattern {@code %msg%n}.
 * <p>
 * {@link #write} never waits: it puts the line on a lock-free queue and returns. Every
 * {@link #WRITE_INTERVAL} the writer thread takes what has queued up, writes it and
 * flushes the file once, as nginx's {@code access_log ... buffer= flush=} does. Logback's
 * own {@code AsyncAppender} was measured first and cost about a tenth of the gateway's
 * CPU per request (docs/performance.md): its writer thread is woken, and the file written
 * and flushed, for every single line. When the queue is full (a disk slower than the
 * traffic for a while) a line is dropped, counted, and reported in the application log at
 * most once a minute: a slow or full disk costs lines, never an event loop's time.
 * <p>
 * The logger lives in a Logback context of its own, not Spring Boot's: Boot resets its
 * context when logging is reconfigured, which would stop this appender, and no line can
 * reach the console through the root logger. Logback's errors about the file (disk full,
 * say) still go to standard error.
 */
final class AccessLogFile implements AutoCloseable {

	/** Lines waiting for the disk: seconds of a Pi's traffic, under 2 MB of heap. */
	static final int QUEUE_SIZE = 8192;

	/** How often the queued lines are written; the longest a line waits. */
	static final Duration WRITE_INTERVAL = Duration.ofMillis(200);

	/** How often the file's size is checked; Logback's default is once a minute. */
	static final Duration SIZE_CHECK_INTERVAL = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(AccessLogFile.class);

	private static final long DROP_WARNING_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

	private final LoggerContext context = new LoggerContext();

	private final BatchedRollingFileAppender appender = new BatchedRollingFileAppender();

	private final Logger lines;

	private final Queue<String> queue = new ConcurrentLinkedQueue<>();

	/** The queue's length: a concurrent queue's own size() walks the queue. */
	private final AtomicInteger queued = new AtomicInteger();

	private final LongAdder dropped = new LongAdder();

	private final AtomicLong nextDropWarning = new AtomicLong(System.nanoTime());

	private final ScheduledExecutorService writer;

	/**
	 * Opens the file, creating its folders, and starts the writer thread.
	 * @param path the current file; rolled-over ones are {@code path.1} to
	 * {@code path.<maxHistory>}
	 * @param maxFileSize the size at which the file rolls over
	 * @param maxHistory how many rolled-over files are kept
	 * @param sizeCheckInterval how often the size is checked (Logback reads the file's
	 * length at most this often)
	 * @throws IllegalStateException when the file cannot be opened
	 */
	AccessLogFile(Path path, DataSize maxFileSize, int maxHistory, Duration sizeCheckInterval) {
		String file = path.toAbsolutePath().normalize().toString();
		this.context.setName("tandem-access-log");
		this.context.setMDCAdapter(new LogbackMDCAdapter());
		OnErrorConsoleStatusListener errors = new OnErrorConsoleStatusListener();
		errors.setContext(this.context);
		errors.start();
		this.context.getStatusManager().add(errors);
		this.context.start();

		this.appender.setContext(this.context);
		this.appender.setName("file");
		this.appender.setFile(file);
		// Flushed once per batch instead (BatchedRollingFileAppender.flush).
		this.appender.setImmediateFlush(false);
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(this.context);
		encoder.setPattern("%msg%n");
		encoder.setCharset(StandardCharsets.UTF_8);
		encoder.start();
		this.appender.setEncoder(encoder);
		FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
		rolling.setContext(this.context);
		rolling.setParent(this.appender);
		rolling.setFileNamePattern(file + ".%i");
		rolling.setMinIndex(1);
		rolling.setMaxIndex(maxHistory);
		rolling.start();
		SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
		trigger.setContext(this.context);
		trigger.setMaxFileSize(new FileSize(maxFileSize.toBytes()));
		trigger.setCheckIncrement(ch.qos.logback.core.util.Duration.buildByMilliseconds(sizeCheckInterval.toMillis()));
		trigger.start();
		this.appender.setRollingPolicy(rolling);
		this.appender.setTriggeringPolicy(trigger);
		this.appender.start();
		if (!this.appender.isStarted()) {
			String reason = firstError();
			this.context.stop();
			throw new IllegalStateException(AccessLogProperties.PREFIX + ".path: the access log " + file
					+ " cannot be opened" + ((reason != null) ? " (" + reason + ")" : "") + ".");
		}

		this.lines = this.context.getLogger("tandem.gateway.access-log");
		this.lines.setAdditive(false);
		this.lines.setLevel(Level.INFO);
		this.lines.addAppender(this.appender);

		this.writer = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "tandem-access-log");
			thread.setDaemon(true);
			return thread;
		});
		this.writer.scheduleWithFixedDelay(this::writeQueued, WRITE_INTERVAL.toMillis(), WRITE_INTERVAL.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/**
	 * Queues a line for the file; returns at once.
	 * @param line one line, without its line break
	 */
	void write(String line) {
		if (this.queued.incrementAndGet() > QUEUE_SIZE) {
			this.queued.decrementAndGet();
			this.dropped.increment();
			warnNowAndThen();
			return;
		}
		this.queue.offer(line);
	}

	/** Lines dropped so far because the queue was full. */
	long dropped() {
		return this.dropped.sum();
	}

	/**
	 * Stops the writer thread, writes what is still queued and closes the file.
	 */
	@Override
	public void close() {
		this.writer.shutdown();
		try {
			if (!this.writer.awaitTermination(10, TimeUnit.SECONDS)) {
				logger.warn("The access log's writer did not finish within 10 s; closing the file anyway.");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		// The writer has stopped: nobody else writes now.
		writeQueued();
		this.context.stop();
		long dropped = dropped();
		if (dropped > 0) {
			logger.warn(dropped + " access log line(s) were dropped since start-up because the disk did not keep up.");
		}
	}

	/** On the writer thread: everything queued so far, then one flush. */
	private void writeQueued() {
		try {
			boolean wrote = false;
			String line;
			while ((line = this.queue.poll()) != null) {
				this.queued.decrementAndGet();
				this.lines.info(line);
				wrote = true;
			}
			if (wrote) {
				this.appender.flush();
			}
		}
		catch (RuntimeException ex) {
			// An exception would end the scheduled writes for good.
			logger.warn("Writing the access log failed: " + ex);
		}
	}

	private void warnNowAndThen() {
		long now = System.nanoTime();
		long next = this.nextDropWarning.get();
		if (now - next >= 0 && this.nextDropWarning.compareAndSet(next, now + DROP_WARNING_INTERVAL_NANOS)) {
			logger.warn("The access log's queue is full: the disk does not keep up, so lines are dropped ("
					+ this.dropped.sum() + " since start-up).");
		}
	}

	private String firstError() {
		for (Status status : this.context.getStatusManager().getCopyOfStatusList()) {
			if (status.getLevel() == Status.ERROR) {
				Throwable cause = status.getThrowable();
				return (cause != null && cause.getMessage() != null) ? cause.getMessage() : status.getMessage();
			}
		}
		return null;
	}

	/**
	 * Logback's rolling file appender, flushed by whoever writes a batch rather than
	 * after every line.
	 */
	private static final class BatchedRollingFileAppender extends RollingFileAppender<ILoggingEvent> {

		/** Flush the buffered lines; under the lock a rollover also takes. */
		void flush() {
			this.streamWriteLock.lock();
			try {
				OutputStream out = getOutputStream();
				if (out != null) {
					out.flush();
				}
			}
			catch (IOException ex) {
				addError("Could not flush the access log", ex);
			}
			finally {
				this.streamWriteLock.unlock();
			}
		}

	}

}
