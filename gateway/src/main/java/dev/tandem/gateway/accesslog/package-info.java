/**
 * The access log of the public port: one line per request in the combined log format,
 * plus the member that answered, its time and the attempts, written through a bounded
 * queue to a file that rotates by size. Off unless
 * {@code tandem.gateway.access-log.enabled} is true.
 */
package dev.tandem.gateway.accesslog;
