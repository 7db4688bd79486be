package dev.tandem.gateway.balancing;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Supplies the configured members to Spring Cloud LoadBalancer, one
 * {@link DefaultServiceInstance} per member, in configuration order. The list is fixed at
 * start-up, so it is built once and no discovery client or cache is involved.
 */
class MemberServiceInstanceListSupplier implements ServiceInstanceListSupplier {

	/** Instance metadata key holding the member id. */
	static final String MEMBER_ID = "member-id";

	/** Instance metadata key holding the member's weight. */
	static final String WEIGHT = "weight";

	/** Instance metadata key holding the member's tier. */
	static final String TIER = "tier";

	private final String serviceId;

	private final List<ServiceInstance> instances;

	MemberServiceInstanceListSupplier(String serviceId, MemberProperties properties) {
		this.serviceId = serviceId;
		this.instances = properties.members().stream().map((member) -> toInstance(serviceId, member)).toList();
	}

	private static ServiceInstance toInstance(String serviceId, MemberProperties.Member member) {
		Map<String, String> metadata = Map.of(MEMBER_ID, member.id(), WEIGHT, Integer.toString(member.weight()), TIER,
				Integer.toString(member.tier()));
		return new DefaultServiceInstance(member.id(), serviceId, member.baseUri().getHost(), member.port(),
				member.secure(), metadata);
	}

	/**
	 * The members as service instances, in configuration order.
	 * @return the fixed list
	 */
	List<ServiceInstance> instances() {
		return this.instances;
	}

	@Override
	public String getServiceId() {
		return this.serviceId;
	}

	@Override
	public Flux<List<ServiceInstance>> get() {
		return Flux.just(this.instances);
	}

}
