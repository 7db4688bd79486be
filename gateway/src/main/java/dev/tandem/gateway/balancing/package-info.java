/**
 * The choice of a member for each attempt: the balancer core behind Spring Cloud
 * LoadBalancer's seam, its policy from configuration, per-attempt accounting that feeds
 * latency, traffic and passive ejection, and the {@code balancer} health component.
 */
package dev.tandem.gateway.balancing;
