package dev.tandem.session;

import java.time.Duration;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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

	private static final Log logger = LogFactory.getLog(SessionMemberConfiguration.class);

	@Bean(destroyMethod = "shutdown")
	HazelcastInstance hazelcastInstance(Config config, NodeProperties properties, Environment environment) {
		HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(config);
		// The one line that tells, when nodes do not join, which address the peers must
		// be able to reach.
		logger.info("The session cluster member of node " + properties.id() + " advertises "
				+ hazelcast.getCluster().getLocalMember().getAddress() + " to its peers; it joins "
				+ (properties.cluster().multicast() ? "by multicast"
						: "tandem.node.cluster.members " + properties.cluster().members())
				+ ".");
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
