package dev.tandem.gateway.member;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the configured members, or what a {@link StartingMembers} bean makes of them, the
 * live {@link Members} that every feature follows.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MembersProperties.class)
class MemberConfiguration {

	@Bean
	Members members(MembersProperties properties, ObjectProvider<StartingMembers> starting) {
		Membership configured = properties.membership();
		return new Members(starting.getIfAvailable(() -> (members) -> members).from(configured));
	}

}
