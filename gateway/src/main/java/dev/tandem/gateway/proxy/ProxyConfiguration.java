package dev.tandem.gateway.proxy;

import dev.tandem.gateway.member.Members;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Rewrites members' addresses in their answers unless
 * {@code tandem.gateway.proxy.reverse-rewrite} is {@code false}; whether the client's
 * Host goes on is decided where the route is built, from the same
 * {@link ProxyProperties}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProxyProperties.class)
class ProxyConfiguration {

	@Bean
	@ConditionalOnProperty(prefix = ProxyProperties.PREFIX, name = "reverse-rewrite", havingValue = "true",
			matchIfMissing = true)
	ReverseRewriteHeadersFilter reverseRewriteHeadersFilter(Members members) {
		return new ReverseRewriteHeadersFilter(new AddressRewriter(new MemberOrigins(members)));
	}

}
