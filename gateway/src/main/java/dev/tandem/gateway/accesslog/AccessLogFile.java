package dev.tandem.gateway.accesslog;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import ch.qos.logback.classic.AsyncAppender;
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
 * The access log's file, written by Logback: a logger of its own whose only appender is
 * an {@link AsyncAppender} (a bounded queue and one writer thread) in front of a
 * {@link RollingFileAppender} that rolls the file over by size into a fixed window of
 * numbered files ({@code access.log.1} the newest), with the pattern {@code %msg%n}.
 * <p>
 * {@link #write} never waits for the disk: it only hands the line to the queue, and when
 * the queue is full (a disk slower than the traffic for a while) the line is dropped,
 * counted, and reported in the application log at most once a minute. So a slow or full
 * disk costs lines, never the event loop's time.
 * <p>
 * The logger lives in a Logback context of its own, not Spring Boot's: Boot resets its
 * context when logging is reconfigured, which would stop these appenders, and no line can
 * reach the console through the root logger. Logback's errors about the file (disk full,
 * say) still go to standard error.
 */
final class AccessLogFile implements AutoCloseable {

	/** Lines waiting for the disk; about 2 MB at most, seconds of a Pi's traffic. */
	static final int QUEUE_SIZE = 4096;

	/** How often the file's size is checked; Logback's default is once a minute. */
	static final Duration SIZE_CHECK_INTERVAL = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(AccessLogFile.class);

	private static final long DROP_WARNING_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

	private final LoggerContext context = new LoggerContext();

	private final Logger lines;

	private final DroppingAsyncAppender queue;

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

		RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
		appender.setContext(this.context);
		appender.setName("file");
		appender.setFile(file);
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(this.context);
		encoder.setPattern("%msg%n");
		encoder.setCharset(StandardCharsets.UTF_8);
		encoder.start();
		appender.setEncoder(encoder);
		FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
		rolling.setContext(this.context);
		rolling.setParent(appender);
		rolling.setFileNamePattern(file + ".%i");
		rolling.setMinIndex(1);
		rolling.setMaxIndex(maxHistory);
		rolling.start();
		SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
		trigger.setContext(this.context);
		trigger.setMaxFileSize(new FileSize(maxFileSize.toBytes()));
		trigger.setCheckIncrement(ch.qos.logback.core.util.Duration.buildByMilliseconds(sizeCheckInterval.toMillis()));
		trigger.start();
		appender.setRollingPolicy(rolling);
		appender.setTriggeringPolicy(trigger);
		appender.start();
		if (!appender.isStarted()) {
			String reason = firstError();
			this.context.stop();
			throw new IllegalStateException(AccessLogProperties.PREFIX + ".path: the access log " + file
					+ " cannot be opened" + ((reason != null) ? " (" + reason + ")" : "") + ".");
		}

		this.queue = new DroppingAsyncAppender();
		this.queue.setContext(this.context);
		this.queue.setName("queue");
		this.queue.setQueueSize(QUEUE_SIZE);
		// Logback's default drops INFO lines once the queue is 80 % full; only a full
		// queue should cost lines.
		this.queue.setDiscardingThreshold(0);
		// offer, not put: a full queue drops the line rather than stall an event loop.
		this.queue.setNeverBlock(true);
		this.queue.addAppender(appender);
		this.queue.start();

		this.lines = this.context.getLogger("tandem.gateway.access-log");
		this.lines.setAdditive(false);
		this.lines.setLevel(Level.INFO);
		this.lines.addAppender(this.queue);
	}

	/**
	 * Queues a line for the file; returns at once.
	 * @param line one line, without its line break
	 */
	void write(String line) {
		this.lines.info(line);
	}

	/** Lines dropped so far because the queue was full. */
	long dropped() {
		return this.queue.dropped.sum();
	}

	/**
	 * Writes what is still queued (waiting up to Logback's one second) and closes the
	 * file.
	 */
	@Override
	public void close() {
		this.context.stop();
		long dropped = dropped();
		if (dropped > 0) {
			logger.warn(dropped + " access log line(s) were dropped since start-up because the disk did not keep up.");
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
	 * Logback's async appender, counting the lines it drops when its queue is full (it
	 * drops them silently otherwise).
	 */
	private static final class DroppingAsyncAppender extends AsyncAppender {

		private final LongAdder dropped = new LongAdder();

		private final AtomicLong nextWarning = new AtomicLong(System.nanoTime());

		@Override
		protected void append(ILoggingEvent event) {
			// Racy by a line or two against the writer thread; a count, not an account.
			if (getRemainingCapacity() == 0) {
				this.dropped.increment();
				warnNowAndThen();
				return;
			}
			super.append(event);
		}

		private void warnNowAndThen() {
			long now = System.nanoTime();
			long next = this.nextWarning.get();
			if (now - next >= 0 && this.nextWarning.compareAndSet(next, now + DROP_WARNING_INTERVAL_NANOS)) {
				logger.warn("The access log's queue is full: the disk does not keep up, so lines are dropped ("
						+ this.dropped.sum() + " since start-up).");
			}
		}

	}

}
