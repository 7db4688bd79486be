/**
 * The Tandem gateway application and {@link dev.tandem.gateway.GatewayPipeline}, the one
 * place that orders every filter a request passes. Features live in the sub-packages:
 * {@code member} (the member model), {@code balancing} (the choice of a member),
 * {@code health}, {@code affinity}, {@code routing} and {@code shutdown}.
 */
package dev.tandem.gateway;
