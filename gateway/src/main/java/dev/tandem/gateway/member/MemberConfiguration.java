package dev.tandem.gateway.member;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the configured members the live {@link Members} that every feature follows.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MembersProperties.class)
class MemberConfiguration {

	@Bean
	Members members(MembersProperties properties) {
		return new Members(properties.membership());
	}

}
