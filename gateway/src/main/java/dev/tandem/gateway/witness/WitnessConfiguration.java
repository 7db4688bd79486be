package dev.tandem.gateway.witness;

import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.health.ActiveHealthChecker;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts the witness between the health checks and the balancer, and its answer check into
 * every request's path.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WitnessProperties.class)
class WitnessConfiguration {

	@Bean
	WitnessGate witnessGate(WitnessProperties properties, Balancer balancer,
			ObjectProvider<ActiveHealthChecker> checker) {
		// The checker is asked for lazily: it is built with this gate as its listener.
		return new WitnessGate(properties, balancer::healthChanged, () -> checker.getObject().probeAllNow(),
				Schedulers.parallel());
	}

	@Bean
	ViewConfirmationFilter viewConfirmationFilter(WitnessGate gate) {
		return new ViewConfirmationFilter(gate);
	}

}
