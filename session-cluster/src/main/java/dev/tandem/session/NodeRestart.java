package dev.tandem.session;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;

/**
 * Stops the node for a restart, once however often it is asked: closes the application
 * context on a thread of its own, which runs the graceful shutdown in its usual order
 * (readiness DOWN, the drain wait, in-flight requests finish, the Hazelcast member hands
 * its sessions off), then exits the process through {@link ProcessExit}.
 */
final class NodeRestart {

	private static final Log logger = LogFactory.getLog(NodeRestart.class);

	private final ApplicationContext context;

	private final ProcessExit exit;

	private final AtomicBoolean requested = new AtomicBoolean();

	NodeRestart(ApplicationContext context, ProcessExit exit) {
		this.context = context;
		this.exit = exit;
	}

	/**
	 * Start the restart unless it has started already. Returns at once: closing waits for
	 * in-flight requests, the caller's own included, so it must not run on a request
	 * thread.
	 * @param requester who asked, for the log
	 */
	void request(String requester) {
		if (!this.requested.compareAndSet(false, true)) {
			logger.info("Restart requested again by " + requester + "; the node is already stopping.");
			return;
		}
		logger.info("Restart requested by " + requester + ": stopping gracefully, then exiting so that the "
				+ "service manager starts the node again.");
		// Not a daemon: the JVM must not end before the exit, whatever other threads do.
		Thread thread = new Thread(this::stopAndExit, "tandem-restart");
		thread.start();
	}

	private void stopAndExit() {
		// Closes the context the way SIGTERM does; a failure while closing is printed
		// and gives status 1, and the service manager restarts the node either way.
		int status = SpringApplication.exit(this.context);
		this.exit.exit(status);
	}

}
