/**
 * Safe session writes: a session save whose backup did not confirm it is tried again a
 * few times (a save is idempotent), and if it still cannot be confirmed the request fails
 * visibly with a 503 and one log line instead of reporting success.
 */
package dev.tandem.session.safewrite;
