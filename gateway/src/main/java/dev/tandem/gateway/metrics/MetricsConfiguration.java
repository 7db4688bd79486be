package dev.tandem.gateway.metrics;

import dev.tandem.gateway.member.Members;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the per-member meters follow the member model.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

	@Bean
	RemovedMemberMeters removedMemberMeters(MeterRegistry registry, Members members) {
		RemovedMemberMeters meters = new RemovedMemberMeters(registry);
		members.subscribe(meters);
		return meters;
	}

}
