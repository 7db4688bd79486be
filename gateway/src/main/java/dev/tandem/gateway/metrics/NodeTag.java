package dev.tandem.gateway.metrics;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.actuate.autoconfigure.metrics.MeterRegistryCustomizer;
import org.springframework.core.env.Environment;

/**
 * Tags every meter with {@code node}, the gateway's name on a dashboard beside the
 * was-nodes' ids: {@code management.metrics.tags.node} when set (Boot applies it), else
 * this machine's host name, else {@code gateway} when the host name cannot be read.
 */
final class NodeTag implements MeterRegistryCustomizer<MeterRegistry> {

	static final String NAME = "node";

	static final String PROPERTY = "management.metrics.tags." + NAME;

	static final String FALLBACK = "gateway";

	private final Environment environment;

	private final Supplier<String> hostName;

	NodeTag(Environment environment, Supplier<String> hostName) {
		this.environment = environment;
		this.hostName = hostName;
	}

	static String localHostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	@Override
	public void customize(MeterRegistry registry) {
		if (!this.environment.containsProperty(PROPERTY)) {
			registry.config().commonTags(NAME, value());
		}
	}

	String value() {
		String name = this.hostName.get();
		return (name == null || name.isBlank()) ? FALLBACK : name.trim();
	}

}
