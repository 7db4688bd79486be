package dev.tandem.session;

import java.util.List;

import com.example.userapp.UserApplication;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.tandem.session.testing.SessionNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test fixture the other tests start their nodes with: a killed or stopped node
 * leaves the cluster, and a restarted one comes back under its id and on its member port.
 */
class SessionNodesIT {

	@RegisterExtension
	final SessionNodes<ConfigurableApplicationContext> applications = SessionNodes.applications(UserApplication.class);

	@RegisterExtension
	final SessionNodes<HazelcastInstance> members = LoopbackMembers.create();

	@Test
	void killedApplicationNodeShouldLeaveItsSessionsToTheOtherAndRejoinWhenRestarted() {
		List<ConfigurableApplicationContext> started = this.applications.start(2);
		SessionRepository<Session> onFirst = repository(started.get(0));
		Session session = onFirst.createSession();
		session.setAttribute("count", 1);
		onFirst.save(session);

		this.applications.kill(0);
		this.applications.awaitSize(1);

		assertThat(started.get(0).isActive()).isFalse();
		assertThat(repository(started.get(1)).findById(session.getId())).isNotNull();

		ConfigurableApplicationContext restarted = this.applications.restart(0);
		this.applications.awaitSize(2);

		assertThat(this.applications.node(0)).isSameAs(restarted);
		assertLocalMember(this.applications.hazelcast(restarted), "n1", this.applications.memberPort(0));
		assertThat((Integer) repository(restarted).findById(session.getId()).getAttribute("count")).isEqualTo(1);
	}

	@Test
	void stoppedMemberShouldRejoinUnderItsIdOnItsPortWhenRestarted() {
		List<HazelcastInstance> started = this.members.start(2);

		this.members.stop(1);
		this.members.awaitSize(1);

		assertThat(started.get(1).getLifecycleService().isRunning()).isFalse();

		HazelcastInstance restarted = this.members.restart(1);
		this.members.awaitSize(2);

		assertLocalMember(restarted, "n2", this.members.memberPort(1));
		assertThat(started.get(0).getCluster().getMembers()).contains(restarted.getCluster().getLocalMember());
	}

	private static void assertLocalMember(HazelcastInstance hazelcast, String id, int port) {
		Member local = hazelcast.getCluster().getLocalMember();
		assertThat(local.getAttribute(HazelcastMemberConfig.NODE_ID_ATTRIBUTE)).isEqualTo(id);
		assertThat(local.getSocketAddress().getPort()).isEqualTo(port);
	}

	@SuppressWarnings("unchecked")
	private static SessionRepository<Session> repository(ConfigurableApplicationContext node) {
		return node.getBean(SessionRepository.class);
	}

}
