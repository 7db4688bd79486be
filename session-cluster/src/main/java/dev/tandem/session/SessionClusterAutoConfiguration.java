package dev.tandem.session;

import dev.tandem.session.safewrite.SafeWritesConfiguration;
import dev.tandem.session.snapshot.SessionSnapshotConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.hazelcast.HazelcastAutoConfiguration;
import org.springframework.boot.autoconfigure.session.SessionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Joins a servlet application's HTTP sessions to the Tandem session cluster: an embedded
 * Hazelcast member configured from {@code tandem.node.*}, Spring Session storing sessions
 * in it, the {@code sessionCluster} readiness indicator and the session cluster's meters
 * (when Actuator is present), the drain wait on shutdown and, with
 * {@code tandem.node.restart.token}, the restart endpoint, safe session writes (a write
 * its backup did not confirm is tried again, then fails with a 503) and, with
 * {@code tandem.node.sessions.snapshot.enabled}, the local copy of the sessions for a
 * power cut. It runs before Boot's Hazelcast and session auto-configurations, so Boot's
 * own member backs off and Boot's session repository uses this one.
 */
@AutoConfiguration(before = { HazelcastAutoConfiguration.class, SessionAutoConfiguration.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@EnableConfigurationProperties(NodeProperties.class)
@Import({ SessionClusterConfiguration.class, SessionMemberConfiguration.class, GracefulShutdownConfiguration.class,
		SessionClusterHealthConfiguration.class, SessionClusterMetricsConfiguration.class, RestartConfiguration.class,
		SafeWritesConfiguration.class, SessionSnapshotConfiguration.class })
public class SessionClusterAutoConfiguration {

}
