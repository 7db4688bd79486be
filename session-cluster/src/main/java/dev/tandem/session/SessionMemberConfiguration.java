package dev.tandem.session;

import java.time.Duration;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Starts the embedded Hazelcast member (instead of Boot's Hazelcast auto-configuration,
 * which backs off when this bean exists) so that its sessions map is open, with
 * {@link SessionMapOpener}'s retries, before Spring Session or anything else uses it.
 * Spring shuts the member down gracefully when the context closes, after the web server
 * has stopped.
 */
final class SessionMemberConfiguration {

	@Bean(destroyMethod = "shutdown")
	HazelcastInstance hazelcastInstance(Config config, Environment environment) {
		HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(config);
		try {
			SessionMapOpener.open(hazelcast, SessionClusterConfiguration.sessionMapName(environment), 5,
					Duration.ofSeconds(1));
		}
		catch (RuntimeException ex) {
			hazelcast.shutdown();
			throw ex;
		}
		return hazelcast;
	}

}
