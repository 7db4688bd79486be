package dev.tandem.gateway.balancing;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
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
 */
class LowestTierRoundRobinLoadBalancer implements ReactorServiceInstanceLoadBalancer {

	private final ServiceInstanceListSupplier supplier;

	private final AtomicInteger position = new AtomicInteger();

	LowestTierRoundRobinLoadBalancer(ServiceInstanceListSupplier supplier) {
		this.supplier = supplier;
	}

	@Override
	public Mono<Response<ServiceInstance>> choose(Request request) {
		return this.supplier.get(request).next().map(this::choose).defaultIfEmpty(new EmptyResponse());
	}

	private Response<ServiceInstance> choose(List<ServiceInstance> instances) {
		List<ServiceInstance> candidates = lowestTier(instances);
		if (candidates.isEmpty()) {
			return new EmptyResponse();
		}
		int turn = this.position.getAndIncrement() & Integer.MAX_VALUE;
		return new DefaultResponse(candidates.get(turn % candidates.size()));
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
