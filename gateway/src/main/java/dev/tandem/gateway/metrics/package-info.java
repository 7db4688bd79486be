/**
 * The gateway's metrics beyond what Spring Boot and Spring Cloud LoadBalancer register:
 * the per-member meters follow the member model, so a removed member's time series end.
 */
package dev.tandem.gateway.metrics;
