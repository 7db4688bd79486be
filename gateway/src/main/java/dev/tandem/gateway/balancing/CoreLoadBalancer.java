package dev.tandem.gateway.balancing;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.balancing.core.BalancingPolicy;
import dev.tandem.gateway.balancing.core.Choice;
import dev.tandem.gateway.balancing.core.GroupPolicy;
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
 * member that affinity resolved, the members this request already tried, the members
 * outside the group its route names and how that group chooses) go in, the core's choice
 * comes out as the member's service instance. No choice (nothing usable and panic off, or
 * strict affinity refusing to move a client) is an empty response, which the gateway
 * answers with 503. Its service instances follow the member model.
 */
final class CoreLoadBalancer implements ReactorServiceInstanceLoadBalancer, MembershipListener {

	private static final Response<ServiceInstance> NO_MEMBER = new EmptyResponse();

	private final Balancer balancer;

	private final String serviceId;

	private final Members members;

	// Swapped whole when the members change: choosing allocates as little as the core
	// does.
	private volatile Ready ready;

	CoreLoadBalancer(Balancer balancer, String serviceId, Members members) {
		this.balancer = balancer;
		this.serviceId = serviceId;
		this.members = members;
		this.ready = ready(members.current());
	}

	@Override
	public void membershipChanged(MembershipChange change) {
		this.ready = ready(change.after());
	}

	private Ready ready(Membership members) {
		Map<String, Response<ServiceInstance>> answers = new HashMap<>();
		for (Member member : members.members()) {
			answers.put(member.id(), new DefaultResponse(MemberInstances.of(this.serviceId, member)));
		}
		BalancingPolicy policy = this.balancer.policy();
		Map<String, GroupRoute> groups = new HashMap<>();
		for (String group : members.groups()) {
			Set<String> others = new HashSet<>();
			members.members().stream().filter((member) -> !member.serves(group)).map(Member::id).forEach(others::add);
			// Resolved here, once per change of the members: a request looks its group up
			// once for both.
			groups.put(group, new GroupRoute(Set.copyOf(others), policy.group(group)));
		}
		return new Ready(Map.copyOf(answers), Map.copyOf(groups), Set.copyOf(members.ids()));
	}

	@Override
	public Mono<Response<ServiceInstance>> choose(Request request) {
		Map<String, Object> attributes = attributes(request);
		return Mono.just(choose((attributes != null) ? attributes : Map.of()));
	}

	/**
	 * Chooses the member for one attempt.
	 * @param attributes the exchange's attributes, which carry the request's facts
	 * ({@link BalancingAttributes})
	 * @return the member as a ready response, or an empty response when no member may
	 * serve the request
	 */
	Response<ServiceInstance> choose(Map<String, Object> attributes) {
		Ready ready = this.ready;
		Choice choice = this.balancer.choose(facts(attributes, ready));
		if (choice.memberId() == null) {
			return NO_MEMBER;
		}
		Response<ServiceInstance> answer = ready.answers().get(choice.memberId());
		return (answer != null) ? answer
				: answerWhileChanging(choice.memberId(), (String) attributes.get(BalancingAttributes.GROUP));
	}

	// The balancer and this class hear of a change one after the other: a member the
	// balancer already knows may not have its ready answer yet, nor its group its
	// exclusions.
	private Response<ServiceInstance> answerWhileChanging(String memberId, String group) {
		return this.members.current()
			.member(memberId)
			.filter((member) -> member.serves(group))
			.map((member) -> (Response<ServiceInstance>) new DefaultResponse(
					MemberInstances.of(this.serviceId, member)))
			.orElse(NO_MEMBER);
	}

	@SuppressWarnings("unchecked")
	private static RequestFacts facts(Map<String, Object> attributes, Ready ready) {
		Object sticky = attributes.get(BalancingAttributes.STICKY_MEMBER);
		Object tried = attributes.get(BalancingAttributes.TRIED_MEMBERS);
		Object group = attributes.get(BalancingAttributes.GROUP);
		if (sticky == null && tried == null && group == null) {
			return RequestFacts.NONE;
		}
		Set<String> excluded = (tried instanceof Set<?> ids) ? (Set<String>) ids : Set.of();
		GroupPolicy policy = null;
		if (group instanceof String name) {
			// A group with no member now (its last one removed at runtime) has everyone
			// outside it: the request gets no member rather than another application's.
			GroupRoute route = ready.groups().get(name);
			Set<String> outside = (route != null) ? route.outside() : ready.everyone();
			excluded = excluded.isEmpty() ? outside : union(excluded, outside);
			policy = (route != null) ? route.policy() : null;
		}
		return new RequestFacts((sticky instanceof String id) ? id : null, excluded, policy);
	}

	// Only a retry within a group pays for this set.
	private static Set<String> union(Set<String> one, Set<String> other) {
		Set<String> both = new HashSet<>(one);
		both.addAll(other);
		return both;
	}

	private static Map<String, Object> attributes(Request<?> request) {
		if (!(request.getContext() instanceof RequestDataContext context) || context.getClientRequest() == null) {
			return null;
		}
		return context.getClientRequest().getAttributes();
	}

	/**
	 * What choosing needs ready for the current members.
	 *
	 * @param answers one ready answer per member id
	 * @param groups by group, what a request to it needs
	 * @param everyone every member id
	 */
	private record Ready(Map<String, Response<ServiceInstance>> answers, Map<String, GroupRoute> groups,
			Set<String> everyone) {

	}

	/**
	 * What a request routed to one group needs.
	 *
	 * @param outside the ids of the members outside the group
	 * @param policy how the group chooses: its own policy, else the gateway's
	 */
	private record GroupRoute(Set<String> outside, GroupPolicy policy) {

	}

}
