/**
 * The session-cluster library: HTTP sessions of a Spring Boot servlet application kept in
 * an embedded Hazelcast member through Spring Session, configured from
 * {@code tandem.node.*}, with the {@code sessionCluster} readiness indicator, the ordered
 * shutdown (drain, then Hazelcast's graceful hand-off) and, with a token, the restart
 * endpoint that runs that shutdown on request. It is plain auto-configuration
 * ({@code SessionClusterAutoConfiguration}), outside any application's component-scan
 * root, and every line that touches the session store lives here.
 */
package dev.tandem.session;
