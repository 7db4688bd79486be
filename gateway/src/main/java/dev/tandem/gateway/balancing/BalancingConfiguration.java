package dev.tandem.gateway.balancing;

import java.net.URI;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.balancing.core.BalancingPolicy;
import dev.tandem.gateway.balancing.core.MemberSpec;
import dev.tandem.gateway.balancing.core.MemberTransitionFanOut;
import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.Members;
import dev.tandem.gateway.member.MembersProperties;
import dev.tandem.gateway.member.Membership;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClient;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Registers the members as the one Spring Cloud LoadBalancer service the gateway routes
 * to, and assembles the balancer core behind it: the members from the member model (and
 * every later change of them), the policy from configuration and its customizers,
 * per-attempt outcomes from {@link MemberAccountingFilter}. Routing only knows
 * {@link #SERVICE_URI}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ BalancingProperties.class, EjectionProperties.class, GroupsProperties.class })
// Wrapped in @LoadBalancerClients: a bare @LoadBalancerClient's String 'value' would
// also become this class's bean name by Spring's stereotype naming convention.
@LoadBalancerClients(@LoadBalancerClient(name = BalancingConfiguration.SERVICE_ID,
		configuration = MemberLoadBalancerConfiguration.class))
public class BalancingConfiguration {

	/** The fixed, internal service id of the members; never taken from user input. */
	static final String SERVICE_ID = "tandem";

	/** Where routes send requests: SCG's load-balancer filter resolves it to a member. */
	public static final URI SERVICE_URI = URI.create("lb://" + SERVICE_ID);

	/**
	 * The affinity feature's property naming the application's session cookies, read here
	 * by name (with its default) because balancing must not depend on affinity.
	 */
	static final String SESSION_COOKIE_NAMES = "tandem.gateway.affinity.session-cookie-names";

	private static final List<String> DEFAULT_SESSION_COOKIE_NAMES = List.of("JSESSIONID", "SESSION");

	/**
	 * Every member state change the balancer reports, for any feature that follows them;
	 * the log is the first subscriber.
	 * @return the fan-out the balancer reports to
	 */
	@Bean
	MemberTransitionFanOut memberTransitions() {
		MemberTransitionFanOut transitions = new MemberTransitionFanOut();
		transitions.subscribe(new MemberTransitionLog());
		return transitions;
	}

	@Bean
	Balancer balancer(Members members, MembersProperties configured, BalancingProperties balancing,
			EjectionProperties ejection, GroupsProperties groups, ObjectProvider<BalancingPolicyCustomizer> customizers,
			MemberTransitionFanOut transitions) {
		groups.requireMembersFor(configured.membership().groups());
		BalancingPolicy policy = new BalancingPolicy(balancing.strategy(), balancing.panic(), balancing.slowStart(),
				false, ejection.consecutiveFailures(), ejection.duration());
		for (BalancingPolicyCustomizer customizer : customizers.orderedStream().toList()) {
			policy = customizer.customize(policy);
		}
		// After the customizers: what a group leaves unset is the gateway's final say.
		policy = policy.withGroups(groups.policies(policy.strategy(), policy.strictAffinity()));
		Balancer balancer = new Balancer(specs(members.current()), policy, System::nanoTime,
				BalancingConfiguration::randomLong, transitions);
		members.subscribe((change) -> balancer.update(specs(change.after())));
		return balancer;
	}

	// Each calling thread draws from its own ThreadLocalRandom: no contention on the hot
	// path, and no thread ever uses another thread's seed.
	private static long randomLong() {
		return ThreadLocalRandom.current().nextLong();
	}

	private static List<MemberSpec> specs(Membership membership) {
		return membership.members().stream().map(BalancingConfiguration::spec).toList();
	}

	private static MemberSpec spec(Member member) {
		return new MemberSpec(member.id(), member.weight(), member.tier(), member.state());
	}

	@Bean
	BalancerHealthIndicator balancerHealthIndicator(Balancer balancer) {
		return new BalancerHealthIndicator(balancer);
	}

	@Bean
	MemberAccountingFilter memberAccountingFilter(Balancer balancer, EjectionProperties ejection,
			Environment environment) {
		return new MemberAccountingFilter(balancer, ejection.statuses(), sessionCookieNames(environment));
	}

	static List<String> sessionCookieNames(Environment environment) {
		return Binder.get(environment)
			.bind(SESSION_COOKIE_NAMES, Bindable.listOf(String.class))
			.map((names) -> names.stream().map(String::trim).filter((name) -> !name.isEmpty()).toList())
			.orElse(DEFAULT_SESSION_COOKIE_NAMES);
	}

}
