package dev.tandem.gateway.balancing;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.balancing.core.Choice;
import dev.tandem.gateway.balancing.core.RequestFacts;
import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.Members;
import dev.tandem.gateway.member.MembershipChange;
import dev.tandem.gateway.member.MembershipListener;
import dev.tandem.gateway.member.Membership;
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
 * the gateway answers with 503. Its service instances follow the member model.
 */
final class CoreLoadBalancer implements ReactorServiceInstanceLoadBalancer, MembershipListener {

	private static final Mono<Response<ServiceInstance>> NO_MEMBER = Mono.just(new EmptyResponse());

	private final Balancer balancer;

	private final String serviceId;

	private final Members members;

	// One ready answer per member, swapped whole when the members change: choosing
	// allocates as little as the core does.
	private volatile Map<String, Mono<Response<ServiceInstance>>> answers;

	CoreLoadBalancer(Balancer balancer, String serviceId, Members members) {
		this.balancer = balancer;
		this.serviceId = serviceId;
		this.members = members;
		this.answers = answers(members.current());
	}

	@Override
	public void membershipChanged(MembershipChange change) {
		this.answers = answers(change.after());
	}

	private Map<String, Mono<Response<ServiceInstance>>> answers(Membership members) {
		Map<String, Mono<Response<ServiceInstance>>> answers = new HashMap<>();
		for (Member member : members.members()) {
			answers.put(member.id(), Mono.just(new DefaultResponse(MemberInstances.of(this.serviceId, member))));
		}
		return Map.copyOf(answers);
	}

	@Override
	public Mono<Response<ServiceInstance>> choose(Request request) {
		Choice choice = this.balancer.choose(facts(request));
		if (choice.memberId() == null) {
			return NO_MEMBER;
		}
		Mono<Response<ServiceInstance>> answer = this.answers.get(choice.memberId());
		return (answer != null) ? answer : answerWhileChanging(choice.memberId());
	}

	// The balancer and this class hear of a change one after the other: a member the
	// balancer already knows may not have its ready answer yet.
	private Mono<Response<ServiceInstance>> answerWhileChanging(String memberId) {
		return this.members.current()
			.member(memberId)
			.map((member) -> Mono
				.just((Response<ServiceInstance>) new DefaultResponse(MemberInstances.of(this.serviceId, member))))
			.orElse(NO_MEMBER);
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
