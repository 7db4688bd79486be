package dev.tandem.gateway.balancing;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.tandem.gateway.routing.FailoverFilter;

import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Plain round robin among the instances of the lowest tier present in the supplied list
 * (tier 0 = actives), ignoring weights; standby tiers get nothing while a lower tier has
 * members. Members this request was already sent to
 * ({@link FailoverFilter#TRIED_MEMBERS_ATTR}) are left out first, so a failover attempt
 * never meets the same member twice and reaches a standby once every active has failed
 * it. It knows nothing about health yet: a dead active still gets its turn (the failover
 * filter moves the request on); that arrives with the health-aware balancer that replaces
 * this class behind the same {@link ReactorServiceInstanceLoadBalancer} seam. An empty
 * list, or one whose members were all tried, yields an empty response, which the gateway
 * answers with 503.
 */
class LowestTierRoundRobinLoadBalancer implements ReactorServiceInstanceLoadBalancer {

	private final ServiceInstanceListSupplier supplier;

	private final AtomicInteger position = new AtomicInteger();

	LowestTierRoundRobinLoadBalancer(ServiceInstanceListSupplier supplier) {
		this.supplier = supplier;
	}

	@Override
	public Mono<Response<ServiceInstance>> choose(Request request) {
		Set<String> tried = triedMembers(request);
		return this.supplier.get(request)
			.next()
			.map((instances) -> choose(instances, tried))
			.defaultIfEmpty(new EmptyResponse());
	}

	private Response<ServiceInstance> choose(List<ServiceInstance> instances, Set<String> tried) {
		List<ServiceInstance> untried = tried.isEmpty() ? instances
				: instances.stream().filter((instance) -> !tried.contains(instance.getInstanceId())).toList();
		List<ServiceInstance> candidates = lowestTier(untried);
		if (candidates.isEmpty()) {
			return new EmptyResponse();
		}
		int turn = this.position.getAndIncrement() & Integer.MAX_VALUE;
		return new DefaultResponse(candidates.get(turn % candidates.size()));
	}

	// Spring Cloud Gateway hands the exchange attributes to the balancer in the request
	// context; other callers (and the first attempt) carry no tried members.
	private static Set<String> triedMembers(Request<?> request) {
		if (request != null && request.getContext() instanceof RequestDataContext context
				&& context.getClientRequest() != null && context.getClientRequest().getAttributes() != null) {
			Object tried = context.getClientRequest().getAttributes().get(FailoverFilter.TRIED_MEMBERS_ATTR);
			if (tried instanceof Set<?> members) {
				return members.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet());
			}
		}
		return Set.of();
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
