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

	// By member id: a String's hash is cached, an instance's is computed on every call.
	private final Map<String, MemberMeters> members = new ConcurrentHashMap<>();

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
		MemberMeters meters = this.members.get(instance.getInstanceId());
		if (meters == null) {
			meters = this.members.computeIfAbsent(instance.getInstanceId(),
					(id) -> new MemberMeters(this.registry, instance));
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
		// A member that changed address gets new meters too: the instance's equality
		// covers the id and the address.
		this.members.values()
			.removeIf((meters) -> change.after()
				.member(meters.instance().getInstanceId())
				.map((member) -> !MemberInstances.of(meters.instance().getServiceId(), member)
					.equals(meters.instance()))
				.orElse(true));
	}

}
