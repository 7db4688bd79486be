/**
 * The demo login: form login against the demo user, a session id that changes at login,
 * and {@code /me}, which shows that the login holds on whichever node serves.
 */
package dev.tandem.node.login;
