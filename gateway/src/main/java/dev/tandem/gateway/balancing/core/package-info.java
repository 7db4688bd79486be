/**
 * The balancing engine in plain Java: members, their health and admin states, and the
 * strategies that choose one for a request. Nothing here knows Spring or Reactor, so the
 * rules are tested with a fake clock and a seeded random source, and benchmarked alone.
 */
package dev.tandem.gateway.balancing.core;
