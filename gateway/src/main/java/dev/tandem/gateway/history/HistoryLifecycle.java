package dev.tandem.gateway.history;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the history's ticks once every bean is ready and stops them first on shutdown,
 * so no tick outlives the context.
 */
class HistoryLifecycle implements SmartLifecycle {

	private final HistorySampler sampler;

	HistoryLifecycle(HistorySampler sampler) {
		this.sampler = sampler;
	}

	@Override
	public void start() {
		this.sampler.start();
	}

	@Override
	public void stop() {
		this.sampler.stop();
	}

	@Override
	public boolean isRunning() {
		return this.sampler.isRunning();
	}

}
