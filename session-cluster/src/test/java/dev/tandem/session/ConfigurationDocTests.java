package dev.tandem.session;

import dev.tandem.shared.ConfigurationDocCheck;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md describes every tandem.* property of this module's configuration
 * metadata with its default and value hints, and nothing else under this module's heading
 * ({@link ConfigurationDocCheck}).
 */
class ConfigurationDocTests {

	@Test
	void docMatchesConfigurationMetadata() throws Exception {
		ConfigurationDocCheck.assertDocMatchesMetadata("session-cluster");
	}

}
