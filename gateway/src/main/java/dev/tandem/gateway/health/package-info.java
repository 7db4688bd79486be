/**
 * Active health checks: one non-blocking HTTP probe per member on its own schedule, with
 * rise and fall counts, whose verdicts go to the balancer and to the {@code members}
 * health component.
 */
package dev.tandem.gateway.health;
