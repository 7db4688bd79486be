/**
 * The demo was-node application: a Spring Boot servlet app whose sessions live in the
 * Hazelcast cluster of the session-cluster library.
 */
package dev.tandem.node;
