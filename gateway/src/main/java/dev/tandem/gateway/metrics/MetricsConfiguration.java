package dev.tandem.gateway.metrics;

import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.member.Members;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.web.reactive.WebHttpHandlerBuilderCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The per-member meters: they follow the member model, and each member's state is a gauge
 * beside its request meters. Every meter is tagged with the {@code node} it comes from.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

	/**
	 * The public port's {@code http.server.requests}, recorded by Tandem; Spring's
	 * observation of each request is switched off there (a customizer of the public
	 * port's handler only: the management port keeps it).
	 */
	@Bean
	ServerRequestMeters serverRequestMeters(ApplicationContext context, MeterRegistry registry) {
		return new ServerRequestMeters(context, registry);
	}

	@Bean
	WebHttpHandlerBuilderCustomizer noObservationOfEachPublicRequest() {
		return (builder) -> builder.observationRegistry(ObservationRegistry.NOOP);
	}

	@Bean
	NodeTag nodeTag(Environment environment) {
		return new NodeTag(environment, NodeTag::localHostName);
	}

	@Bean
	RemovedMemberMeters removedMemberMeters(MeterRegistry registry, Members members) {
		RemovedMemberMeters meters = new RemovedMemberMeters(registry);
		members.subscribe(meters);
		return meters;
	}

	@Bean
	MemberStateMeters memberStateMeters(MeterRegistry registry, Members members, Balancer balancer) {
		MemberStateMeters meters = new MemberStateMeters(registry, balancer::snapshot, System::nanoTime);
		meters.register(members.current().members());
		members.subscribe(meters);
		return meters;
	}

}
