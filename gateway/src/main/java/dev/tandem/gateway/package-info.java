/**
 * The Tandem gateway application, {@link dev.tandem.gateway.GatewayPipeline}, the one
 * place that orders every filter a request passes, and
 * {@link dev.tandem.gateway.GatewayWebStages}, which runs the features' web stages as one
 * web filter. Features live in the sub-packages: {@code member} (the member model),
 * {@code balancing} (the choice of a member), {@code health}, {@code affinity},
 * {@code routing}, {@code metrics}, {@code shutdown}, {@code transport}, and
 * {@code admin} (the management plane: runtime changes, their state file and audit, the
 * management port's security and API).
 */
package dev.tandem.gateway;
