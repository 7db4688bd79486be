package dev.tandem.gateway.balancing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.balancing.core.Choice;
import dev.tandem.gateway.balancing.core.RequestFacts;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;

/**
 * Spring Cloud LoadBalancer's seam over the balancer core: a request's facts (the sticky
 * member that affinity resolved, the members this request already tried) go in, the
 * core's choice comes out as the member's service instance. No choice (nothing usable and
 * panic off, or strict affinity refusing to move a client) is an empty response, which
 * the gateway answers with 503.
 */
final class CoreLoadBalancer implements ReactorServiceInstanceLoadBalancer {

	private static final Mono<Response<ServiceInstance>> NO_MEMBER = Mono.just(new EmptyResponse());

	private final Balancer balancer;

	// One ready answer per member: choosing allocates as little as the core does.
	private final Map<String, Mono<Response<ServiceInstance>>> answers = new HashMap<>();

	CoreLoadBalancer(Balancer balancer, List<ServiceInstance> instances) {
		this.balancer = balancer;
		for (ServiceInstance instance : instances) {
			this.answers.put(instance.getInstanceId(), Mono.just(new DefaultResponse(instance)));
		}
	}

	@Override
	public Mono<Response<ServiceInstance>> choose(Request request) {
		Choice choice = this.balancer.choose(facts(request));
		Mono<Response<ServiceInstance>> answer = (choice.memberId() != null) ? this.answers.get(choice.memberId())
				: null;
		return (answer != null) ? answer : NO_MEMBER;
	}

	@SuppressWarnings("unchecked")
	static RequestFacts facts(Request<?> request) {
		if (!(request.getContext() instanceof RequestDataContext context) || context.getClientRequest() == null
				|| context.getClientRequest().getAttributes() == null) {
			return RequestFacts.NONE;
		}
		Map<String, Object> attributes = context.getClientRequest().getAttributes();
		Object sticky = attributes.get(BalancingAttributes.STICKY_MEMBER);
		Object tried = attributes.get(BalancingAttributes.TRIED_MEMBERS);
		if (sticky == null && tried == null) {
			return RequestFacts.NONE;
		}
		return new RequestFacts((sticky instanceof String id) ? id : null,
				(tried instanceof Set<?> ids) ? (Set<String>) ids : Set.of());
	}

}
