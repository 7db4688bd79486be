package dev.tandem.gateway.affinity;

import java.util.List;

import dev.tandem.gateway.balancing.BalancingPolicyCustomizer;
import dev.tandem.gateway.member.Members;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Assembles client affinity: the cookie codec keyed for the members (and following them),
 * the resolver that reads a request's route, the two gateway filters around the
 * balancer's choice that pass the route in and pin the client to the member that served,
 * and the balancer's strict-affinity setting.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AffinityProperties.class)
class AffinityConfiguration {

	@Bean
	AffinityCookieCodec affinityCookieCodec(AffinityProperties affinity, Members members) {
		// The key comes from the members at start-up and stays: a cookie must keep
		// naming its member when other members are added or removed later.
		List<String> ids = List.copyOf(members.current().ids());
		AffinityCookieCodec codec = new AffinityCookieCodec(ids, AffinityKey.of(ids, affinity.optionalSecret()));
		members.subscribe(codec);
		return codec;
	}

	@Bean
	StickyRouteResolver stickyRouteResolver(AffinityCookieCodec codec, Members members, AffinityProperties affinity) {
		return new StickyRouteResolver(codec, members, affinity);
	}

	@Bean
	StickyMemberAttributeFilter stickyMemberAttributeFilter(StickyRouteResolver resolver) {
		return new StickyMemberAttributeFilter(resolver);
	}

	@Bean
	AffinityCookieIssuingFilter affinityCookieIssuingFilter(AffinityCookieCodec codec, StickyRouteResolver resolver) {
		return new AffinityCookieIssuingFilter(codec, resolver);
	}

	@Bean
	BalancingPolicyCustomizer strictAffinityPolicy(AffinityProperties affinity) {
		return (policy) -> policy.withStrictAffinity(affinity.strict());
	}

}
