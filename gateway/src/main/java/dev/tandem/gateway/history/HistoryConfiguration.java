package dev.tandem.gateway.history;

import java.time.Duration;

import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.balancing.core.MemberTransitionFanOut;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Assembles the member history: the store, fed by the balancer's transitions and by a
 * sampler that reads the balancer every {@value #SAMPLE_SECONDS} seconds, and the
 * sampler's lifecycle. The interval is fixed: the dashboard is drawn for it.
 */
@Configuration(proxyBeanMethods = false)
class HistoryConfiguration {

	static final int SAMPLE_SECONDS = 5;

	@Bean
	TrafficHistory trafficHistory(Balancer balancer, MemberTransitionFanOut transitions) {
		TrafficHistory history = new TrafficHistory(balancer.snapshot(), SAMPLE_SECONDS, System::currentTimeMillis);
		transitions.subscribe(history::transitioned);
		return history;
	}

	@Bean
	HistorySampler historySampler(TrafficHistory history, Balancer balancer) {
		// Timers on the shared parallel scheduler (daemon threads), whose clock is the
		// wall clock the ticks are aligned to.
		return new HistorySampler(history, balancer::snapshot, Duration.ofSeconds(SAMPLE_SECONDS),
				Schedulers.parallel());
	}

	@Bean
	HistoryLifecycle historyLifecycle(HistorySampler sampler) {
		return new HistoryLifecycle(sampler);
	}

}
