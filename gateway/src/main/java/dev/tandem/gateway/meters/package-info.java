/**
 * Building blocks for the gateway's per-request timers: the outcome words Spring Boot
 * gives an HTTP status, and timers kept by method and status so that recording one looks
 * up no tags.
 */
package dev.tandem.gateway.meters;
