package dev.tandem.node.metrics;

import dev.tandem.session.NodeProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.actuate.autoconfigure.metrics.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tags every meter with {@code node}, the node id ({@code tandem.node.id}, else the host
 * name), so a dashboard tells the nodes apart by the name the gateway knows them by. Not
 * a property placeholder: the id's host-name fallback is decided when the properties are
 * bound.
 */
@Configuration(proxyBeanMethods = false)
class NodeTagConfiguration {

	static final String NODE_TAG = "node";

	@Bean
	MeterRegistryCustomizer<MeterRegistry> nodeTag(NodeProperties node) {
		return (registry) -> registry.config().commonTags(NODE_TAG, node.id());
	}

}
