/**
 * The gateway's graceful stop beyond Spring Boot's own: a client connection closed while
 * draining closes lingering, so an answer that was complete before the request body
 * arrived is never destroyed by a reset.
 */
package dev.tandem.gateway.shutdown;
