/**
 * The node's metrics for Prometheus: {@code /actuator/prometheus} behind HTTP Basic for
 * one scrape user, and the {@code node} tag on every meter.
 */
package dev.tandem.node.metrics;
