/**
 * The one route to the members and the guards around it: the public port never serves
 * {@code /actuator}, only requests that can be forwarded unambiguously go on, body limits
 * and timeouts, failover to another member, and 502 for a member's failure.
 */
package dev.tandem.gateway.routing;
