package dev.tandem.node.login;

import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.info.InfoEndpoint;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The demo's login: Spring Security's form login on {@code /login}, logout on
 * {@code /logout} (POST, with CSRF), and {@code /me} for signed-in users only. Everything
 * else the contract promises stays open: the demo endpoints, static files, and the health
 * and info endpoints the gateway and the LAN read. Other actuator endpoints
 * ({@code sessions}) need a signed-in user. Spring Security's defaults do the rest: the
 * session id changes at login ({@code changeSessionId}, which Spring Session honours),
 * and CSRF protection stays on. Public so that slice tests of other features can run
 * under these rules.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DemoProperties.class)
public class LoginConfiguration {

	private static final Log logger = LogFactory.getLog(LoginConfiguration.class);

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers(EndpointRequest.to(HealthEndpoint.class, InfoEndpoint.class))
					.permitAll()
					.requestMatchers(EndpointRequest.toAnyEndpoint())
					.authenticated()
					.requestMatchers("/me")
					.authenticated()
					.anyRequest()
					.permitAll());
		// The demo counter takes a POST without a CSRF token: GET /session increments it
		// anyway, so a token would protect nothing, and scripts and load tests can post.
		http.csrf((csrf) -> csrf.ignoringRequestMatchers("/session"));
		http.formLogin(Customizer.withDefaults());
		http.logout(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	UserDetailsService demoUser(DemoProperties properties) {
		String password = properties.password();
		if (password == null) {
			password = UUID.randomUUID().toString();
			logger.warn("tandem.node.demo.password is not set: the demo user '" + properties.user()
					+ "' signs in with the generated password " + password + " (demo only; set it for every node).");
		}
		return new InMemoryUserDetailsManager(User.withUsername(properties.user())
			.password(PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(password))
			.roles("USER")
			.build());
	}

}
