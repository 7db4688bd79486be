package dev.tandem.gateway.balancing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.tandem.gateway.member.MembershipChange;
import dev.tandem.gateway.member.MembershipListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.http.HttpMethod;

/**
 * The gateway's {@code loadbalancer.requests.*} meters, one {@link MemberMeters} per
 * member, plus {@code .discard} for requests no member could take. The meters of a member
 * that changes or leaves are forgotten here (the registry's are removed by the metrics
 * feature), so it starts again with fresh meters.
 */
final class LoadBalancerMeters implements MembershipListener {

	static final String PREFIX = "loadbalancer.requests.";

	private final MeterRegistry registry;

	private final Map<ServiceInstance, MemberMeters> members = new ConcurrentHashMap<>();

	private final Map<HttpMethod, Counter> discards = new ConcurrentHashMap<>();

	LoadBalancerMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * The meters of a member.
	 * @param instance the member as the balancer chose it
	 * @return its meters
	 */
	MemberMeters of(ServiceInstance instance) {
		MemberMeters meters = this.members.get(instance);
		if (meters == null) {
			meters = this.members.computeIfAbsent(instance, (key) -> new MemberMeters(this.registry, key));
		}
		return meters;
	}

	/**
	 * No member could take a request.
	 * @param method the request's method
	 */
	void discarded(HttpMethod method) {
		this.discards
			.computeIfAbsent(method,
					(key) -> Counter.builder(PREFIX + "discard")
						.tags("method", key.name(), "uri", MemberMeters.UNKNOWN, "serviceId",
								BalancingConfiguration.SERVICE_ID)
						.register(this.registry))
			.increment();
	}

	@Override
	public void membershipChanged(MembershipChange change) {
		// Keyed by the instance, whose equality covers the id and the address: a member
		// that changed address gets new meters too.
		this.members.keySet()
			.removeIf((instance) -> change.after()
				.member(instance.getInstanceId())
				.map((member) -> !MemberInstances.of(instance.getServiceId(), member).equals(instance))
				.orElse(true));
	}

}
