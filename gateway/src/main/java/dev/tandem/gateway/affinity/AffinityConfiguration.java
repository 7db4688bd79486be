package dev.tandem.gateway.affinity;

import java.util.List;

import dev.tandem.gateway.balancing.MemberProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Assembles client affinity: the cookie codec keyed for the configured members, the
 * resolver that reads a request's route, and the two gateway filters around the
 * balancer's choice that pass the route in and pin the client to the member that served.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AffinityProperties.class)
class AffinityConfiguration {

	@Bean
	AffinityCookieCodec affinityCookieCodec(AffinityProperties affinity, MemberProperties members) {
		List<String> ids = memberIds(members);
		return new AffinityCookieCodec(ids, AffinityKey.of(ids, affinity.optionalSecret()));
	}

	@Bean
	StickyRouteResolver stickyRouteResolver(AffinityCookieCodec codec, AffinityProperties affinity,
			MemberProperties members) {
		return new StickyRouteResolver(codec, affinity, memberIds(members));
	}

	@Bean
	StickyMemberAttributeFilter stickyMemberAttributeFilter(StickyRouteResolver resolver) {
		return new StickyMemberAttributeFilter(resolver);
	}

	@Bean
	AffinityCookieIssuingFilter affinityCookieIssuingFilter(AffinityCookieCodec codec, StickyRouteResolver resolver,
			AffinityProperties affinity) {
		return new AffinityCookieIssuingFilter(codec, resolver, affinity.cookieName());
	}

	private static List<String> memberIds(MemberProperties members) {
		return members.members().stream().map(MemberProperties.Member::id).toList();
	}

}
