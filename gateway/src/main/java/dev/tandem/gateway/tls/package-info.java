/**
 * What Tandem adds to Spring Boot's HTTPS from PEM files: a plain-HTTP port that sends
 * every request to the HTTPS one, and {@code Strict-Transport-Security} on HTTPS answers.
 */
package dev.tandem.gateway.tls;
