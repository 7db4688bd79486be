package dev.tandem.session.snapshot;

import java.io.IOException;

import com.hazelcast.core.HazelcastInstance;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.session.hazelcast.HazelcastIndexedSessionRepository;

/**
 * Keeps the node's local copy of its sessions ({@link SessionSnapshot}) when
 * {@code tandem.node.sessions.snapshot.enabled} is true. The bean is created with the
 * other singletons, after the member has started and before the web server takes
 * requests, so a restore is over before the first request.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = SnapshotProperties.PREFIX, name = "enabled", havingValue = "true")
@EnableConfigurationProperties(SnapshotProperties.class)
public class SessionSnapshotConfiguration {

	@Bean
	SessionSnapshot sessionSnapshot(HazelcastInstance hazelcast, Environment environment, SnapshotProperties properties)
			throws IOException {
		// The map Boot's session repository uses, as SessionClusterConfiguration reads
		// it.
		String sessionMapName = Binder.get(environment)
			.bind("spring.session.hazelcast.map-name", String.class)
			.orElse(HazelcastIndexedSessionRepository.DEFAULT_SESSION_MAP_NAME);
		return new SessionSnapshot(hazelcast, sessionMapName, properties);
	}

}
