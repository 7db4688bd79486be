/**
 * Persistence for the members an operator changes at runtime: the
 * {@link dev.tandem.gateway.admin.state.RuntimeState} that is written durably before the
 * admin API answers and restored at start-up. Plain Java and Jackson, no Spring, so that
 * every rule here is unit-tested without a context; this package uses only the member
 * model.
 */
package dev.tandem.gateway.admin.state;
