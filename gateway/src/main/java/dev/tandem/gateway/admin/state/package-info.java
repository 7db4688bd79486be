/**
 * Persistence for the members an operator changes at runtime: the
 * {@link dev.tandem.gateway.admin.state.RuntimeState} in
 * {@link dev.tandem.gateway.admin.state.RuntimeStateFile}, written durably before the
 * admin API answers; {@link dev.tandem.gateway.admin.state.RuntimeStateMerge}, the rule
 * that merges it with the configuration at start-up; and the bounded audit trail,
 * {@link dev.tandem.gateway.admin.state.AuditLog}. Plain Java and Jackson, no Spring, so
 * that every rule here is unit-tested without a context; this package uses only the
 * member model.
 */
package dev.tandem.gateway.admin.state;
