package dev.tandem.gateway.balancing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tandem.gateway.affinity.StickyRouteResolver;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Plain round robin among the instances of the lowest tier present in the supplied list
 * (tier 0 = actives), ignoring weights; standby tiers get nothing while a lower tier has
 * members. It knows nothing about health yet: a dead active still gets its turn (the
 * route's retry moves the request on), and failover to standbys when every active is
 * unusable arrives with the health-aware balancer that replaces this class behind the
 * same {@link ReactorServiceInstanceLoadBalancer} seam. An empty list yields an empty
 * response, which the gateway answers with 503.
 * <p>
 * Interim, until the balancer core replaces this class: a request that is sticky to a
 * member of the serving tier goes to that member, and a retry never goes back to the
 * member the previous attempt went to (so a dead sticky member fails over).
 */
class LowestTierRoundRobinLoadBalancer implements ReactorServiceInstanceLoadBalancer {

	private final ServiceInstanceListSupplier supplier;

	private final AtomicInteger position = new AtomicInteger();

	LowestTierRoundRobinLoadBalancer(ServiceInstanceListSupplier supplier) {
		this.supplier = supplier;
	}

	@Override
	public Mono<Response<ServiceInstance>> choose(Request request) {
		Map<String, Object> attributes = exchangeAttributes(request);
		return this.supplier.get(request)
			.next()
			.map((instances) -> choose(instances, attributes))
			.defaultIfEmpty(new EmptyResponse());
	}

	private Response<ServiceInstance> choose(List<ServiceInstance> instances, Map<String, Object> attributes) {
		List<ServiceInstance> candidates = lowestTier(instances);
		if (candidates.isEmpty()) {
			return new EmptyResponse();
		}
		// Interim stickiness and retry handling, replaced by the balancer core: the
		// exchange's attributes still hold the previous attempt's choice on a retry.
		String previous = previousChoice(attributes);
		if (previous != null) {
			List<ServiceInstance> others = candidates.stream()
				.filter((instance) -> !previous.equals(instance.getInstanceId()))
				.toList();
			candidates = others.isEmpty() ? candidates : others;
		}
		else if (attributes.get(StickyRouteResolver.STICKY_MEMBER_ATTR) instanceof String sticky) {
			for (ServiceInstance candidate : candidates) {
				if (sticky.equals(candidate.getInstanceId())) {
					return new DefaultResponse(candidate);
				}
			}
		}
		int turn = this.position.getAndIncrement() & Integer.MAX_VALUE;
		return new DefaultResponse(candidates.get(turn % candidates.size()));
	}

	private static Map<String, Object> exchangeAttributes(Request<?> request) {
		if (request.getContext() instanceof RequestDataContext context && context.getClientRequest() != null
				&& context.getClientRequest().getAttributes() != null) {
			return context.getClientRequest().getAttributes();
		}
		return Map.of();
	}

	private static String previousChoice(Map<String, Object> attributes) {
		if (attributes.get(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR) instanceof Response<?> response
				&& response.getServer() instanceof ServiceInstance instance) {
			return instance.getInstanceId();
		}
		return null;
	}

	private static List<ServiceInstance> lowestTier(List<ServiceInstance> instances) {
		int lowest = instances.stream().mapToInt(LowestTierRoundRobinLoadBalancer::tier).min().orElse(0);
		return instances.stream().filter((instance) -> tier(instance) == lowest).toList();
	}

	private static int tier(ServiceInstance instance) {
		String tier = instance.getMetadata().get(MemberServiceInstanceListSupplier.TIER);
		return (tier != null) ? Integer.parseInt(tier) : 0;
	}

}
