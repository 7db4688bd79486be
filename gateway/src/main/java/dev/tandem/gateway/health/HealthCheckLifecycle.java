package dev.tandem.gateway.health;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the active health checks once every bean is ready and stops them first on
 * shutdown, before the web server drains, so no probe outlives the context.
 */
class HealthCheckLifecycle implements SmartLifecycle {

	private final ActiveHealthChecker checker;

	HealthCheckLifecycle(ActiveHealthChecker checker) {
		this.checker = checker;
	}

	@Override
	public void start() {
		this.checker.start();
	}

	@Override
	public void stop() {
		this.checker.stop();
	}

	@Override
	public boolean isRunning() {
		return this.checker.isRunning();
	}

}
