package dev.tandem.deploy.topology;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Stops the shared {@link Topology} before the first test class outside this package that
 * runs after it, so the other system tests neither share two cores with its four idle
 * JVMs nor meet its published host ports. Applied to every test class of the module
 * (JUnit's extension autodetection, {@code META-INF/services}).
 */
public final class TopologyRelease implements BeforeAllCallback {

	@Override
	public void beforeAll(ExtensionContext context) {
		if (!context.getRequiredTestClass().getPackageName().equals(TopologyRelease.class.getPackageName())) {
			Topology.release();
		}
	}

}
