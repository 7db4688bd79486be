package dev.tandem.session;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps the web server serving for the drain wait after readiness went DOWN. Boot
 * publishes readiness {@code REFUSING_TRAFFIC} as the context starts closing, before any
 * lifecycle stops; lifecycles stop from the highest phase down, and this one's phase is
 * just above the web server's graceful shutdown, so the order on SIGTERM is: readiness
 * DOWN, this wait (still serving), graceful web shutdown (in-flight requests finish, up
 * to {@code spring.lifecycle.timeout-per-shutdown-phase}), web server stop, then bean
 * destruction, where Spring calls {@code HazelcastInstance.shutdown()} (graceful,
 * partitions handed off). The wait blocks the closing thread on purpose: nothing else
 * should stop meanwhile.
 */
final class DrainLifecycle implements SmartLifecycle {

	/** Stopped just before the web server's graceful shutdown. */
	static final int PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;

	private static final Log logger = LogFactory.getLog(DrainLifecycle.class);

	private final Duration drainWait;

	private volatile boolean running;

	DrainLifecycle(Duration drainWait) {
		this.drainWait = drainWait;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.drainWait.isZero()) {
			return;
		}
		logger.info("Readiness is DOWN; serving for another " + this.drainWait.toMillis()
				+ " ms (tandem.node.shutdown.drain-wait) so the gateway stops sending new clients here.");
		try {
			Thread.sleep(this.drainWait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
