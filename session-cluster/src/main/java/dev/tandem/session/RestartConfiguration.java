package dev.tandem.session;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.util.StringUtils;

/**
 * The restart endpoint ({@link RestartFilter}), only when
 * {@code tandem.node.restart.token} is set: without it {@code /tandem/restart} is an
 * unknown path like any other. Not a {@code @Configuration}, so an application whose
 * component scan covers this package does not pick it up twice.
 */
@Conditional(RestartConfiguration.TokenSet.class)
@EnableConfigurationProperties(RestartProperties.class)
final class RestartConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ProcessExit processExit() {
		return System::exit;
	}

	@Bean
	NodeRestart nodeRestart(ApplicationContext context, ProcessExit exit) {
		return new NodeRestart(context, exit);
	}

	@Bean
	FilterRegistrationBean<RestartFilter> restartFilter(RestartProperties properties, NodeRestart restart) {
		FilterRegistrationBean<RestartFilter> registration = new FilterRegistrationBean<>(
				new RestartFilter(properties.token(), restart));
		registration.addUrlPatterns(RestartFilter.PATH);
		// Ahead of Spring Session's filter, so the request never touches the session
		// store, and so of Spring Security's too.
		registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
		return registration;
	}

	/**
	 * Matches when the token is set and not blank. Boot's own property condition would
	 * also match an empty value, which must leave the endpoint out.
	 */
	static final class TokenSet extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String property = RestartProperties.PREFIX + ".token";
			ConditionMessage.Builder message = ConditionMessage.forCondition("Tandem restart endpoint");
			if (StringUtils.hasText(context.getEnvironment().getProperty(property))) {
				return ConditionOutcome.match(message.found("property").items(property));
			}
			return ConditionOutcome.noMatch(message.didNotFind("property").items(property));
		}

	}

}
