/**
 * The last 15 minutes of every member's traffic and state changes, sampled from the
 * balancer every 5 seconds into fixed-size rings, for the dashboard.
 */
package dev.tandem.gateway.history;
