package dev.tandem.node.metrics;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.metrics.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.RequestCacheConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * {@code /actuator/prometheus} for one scrape user with HTTP Basic, in a filter chain of
 * its own ahead of the demo's form login, which keeps every other path. Prometheus cannot
 * fill in a form, and the metrics show the cluster, so nobody else gets them: without a
 * configured password every scrape gets 401. A scrape never creates an HTTP session (it
 * would be one more session in the cluster every few seconds), and a successful login is
 * remembered for a while ({@link RememberedScrapeLogin}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MetricsProperties.class)
class ScrapeSecurityConfiguration {

	static final String REALM = "Tandem was-node metrics";

	private static final Log logger = LogFactory.getLog(ScrapeSecurityConfiguration.class);

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain scrapeSecurityFilterChain(HttpSecurity http, MetricsProperties properties) throws Exception {
		http.securityMatcher(EndpointRequest.to(PrometheusScrapeEndpoint.class))
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.httpBasic((basic) -> basic.realmName(REALM))
			.authenticationManager(scrapeLogins(properties))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(RequestCacheConfigurer::disable);
		return http.build();
	}

	/**
	 * Only the scrape user, kept out of the application context: a second
	 * {@code UserDetailsService} bean would stop Spring Security from wiring the demo
	 * login's user.
	 */
	private static AuthenticationManager scrapeLogins(MetricsProperties properties) {
		InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
		if (properties.scrapeEnabled()) {
			if (properties.password().startsWith("{noop}")) {
				logger.warn(MetricsProperties.PREFIX + ".password is a {noop} password, kept in clear text; "
						+ "use 'java -jar gateway.jar encode-password' for a {bcrypt} one.");
			}
			users.createUser(User.withUsername(properties.username())
				.password(properties.password())
				.authorities("metrics")
				.build());
		}
		else {
			logger.info("Prometheus scraping is off: " + MetricsProperties.PREFIX + ".password is not set, so "
					+ "/actuator/prometheus answers 401. To turn it on, set it to the encoded password "
					+ "('java -jar gateway.jar encode-password') of user '" + properties.username() + "' ("
					+ MetricsProperties.PREFIX + ".username), and give Prometheus that user with basic_auth.");
		}
		return new ProviderManager(new RememberedScrapeLogin(new DaoAuthenticationProvider(users), System::nanoTime));
	}

}
