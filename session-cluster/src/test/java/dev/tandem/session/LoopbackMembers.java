package dev.tandem.session;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.tandem.session.testing.SessionNodes;

import org.springframework.session.hazelcast.HazelcastIndexedSessionRepository;

/**
 * Bare Hazelcast members on loopback sockets, each configured by
 * {@link HazelcastMemberConfig} from its {@code tandem.node.*} properties as a node
 * configures its own.
 */
final class LoopbackMembers {

	private LoopbackMembers() {
	}

	static SessionNodes<HazelcastInstance> create() {
		return SessionNodes.members((node) -> Hazelcast.newHazelcastInstance(
				HazelcastMemberConfig.create(node, HazelcastIndexedSessionRepository.DEFAULT_SESSION_MAP_NAME)));
	}

}
