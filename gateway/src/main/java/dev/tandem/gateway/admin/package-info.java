/**
 * The management plane: what the admin API and dashboard change (members at runtime,
 * written to the state directory before they are acknowledged, and audited) and who may
 * change it. An adapter over the member model and the balancer: no routing decision is
 * made here.
 */
package dev.tandem.gateway.admin;
