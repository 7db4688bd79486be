package dev.tandem.node.metrics;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RememberedScrapeLoginTests {

	private final AtomicLong now = new AtomicLong();

	private final AtomicInteger checks = new AtomicInteger();

	// The real check: the password is "right", and each call is counted.
	private final AuthenticationProvider check = new AuthenticationProvider() {

		@Override
		public Authentication authenticate(Authentication authentication) {
			RememberedScrapeLoginTests.this.checks.incrementAndGet();
			if (!"right".equals(authentication.getCredentials())) {
				throw new BadCredentialsException("Bad credentials");
			}
			return UsernamePasswordAuthenticationToken.authenticated(authentication.getName(), null, List.of());
		}

		@Override
		public boolean supports(Class<?> authentication) {
			return true;
		}

	};

	private final RememberedScrapeLogin login = new RememberedScrapeLogin(this.check, this.now::get);

	@Test
	void shouldCheckARepeatedGoodLoginOnlyOnceWithinTheRememberedTime() {
		Authentication first = this.login.authenticate(token("prometheus", "right"));
		this.now.addAndGet(RememberedScrapeLogin.REMEMBER.toNanos() - 1);
		Authentication again = this.login.authenticate(token("prometheus", "right"));

		assertThat(first.isAuthenticated()).isTrue();
		assertThat(again).isSameAs(first);
		assertThat(this.checks).hasValue(1);
	}

	@Test
	void shouldCheckAgainOnceTheRememberedTimeIsOver() {
		this.login.authenticate(token("prometheus", "right"));
		this.now.addAndGet(RememberedScrapeLogin.REMEMBER.toNanos());
		this.login.authenticate(token("prometheus", "right"));

		assertThat(this.checks).hasValue(2);
	}

	@Test
	void shouldAlwaysCheckAnotherPassword() {
		this.login.authenticate(token("prometheus", "right"));

		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.login.authenticate(token("prometheus", "wrong")));
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.login.authenticate(token("prometheus", "wrong")));
		assertThat(this.checks).hasValue(3);
	}

	private static UsernamePasswordAuthenticationToken token(String name, String password) {
		return UsernamePasswordAuthenticationToken.unauthenticated(name, password);
	}

}
