/**
 * Who may use the management port: the configured users or a generated admin password,
 * the throttled password check, and the {@code encode-password} command. The rules of
 * which path needs which role live with the management port's web configuration.
 */
package dev.tandem.gateway.admin.security;
