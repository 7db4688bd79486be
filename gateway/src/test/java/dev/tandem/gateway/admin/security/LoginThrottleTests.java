package dev.tandem.gateway.admin.security;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The throttled password check: failures in a row wait longer and longer, a success
 * resets them, and a successful check is remembered for a while instead of paying for
 * bcrypt again.
 */
class LoginThrottleTests {

	private final AtomicLong clock = new AtomicLong();

	private final AtomicInteger checks = new AtomicInteger();

	private final ReactiveAuthenticationManager check = (authentication) -> {
		this.checks.incrementAndGet();
		if ("right".equals(authentication.getCredentials())) {
			return Mono.just(UsernamePasswordAuthenticationToken.authenticated(authentication.getName(), null,
					AuthorityUtils.createAuthorityList("admin")));
		}
		return Mono.error(new BadCredentialsException("Invalid credentials"));
	};

	@Test
	void shouldDoubleTheDelayWithEachFailureInARowUpToItsLimit() {
		assertThat(LoginThrottle.delay(1)).isEqualTo(Duration.ofMillis(500));
		assertThat(LoginThrottle.delay(2)).isEqualTo(Duration.ofSeconds(1));
		assertThat(LoginThrottle.delay(3)).isEqualTo(Duration.ofSeconds(2));
		assertThat(LoginThrottle.delay(5)).isEqualTo(Duration.ofSeconds(8));
		assertThat(LoginThrottle.delay(500)).isEqualTo(Duration.ofSeconds(8));
	}

	@Test
	void shouldAnswerAFailureOnlyAfterTheDelay() {
		LoginThrottle throttle = new LoginThrottle(this.check, this.clock::get);

		StepVerifier.withVirtualTime(() -> throttle.authenticate(login("wrong")))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(499))
			.thenAwait(Duration.ofMillis(1))
			.expectError(BadCredentialsException.class)
			.verify(Duration.ofSeconds(5));
		StepVerifier.withVirtualTime(() -> throttle.authenticate(login("wrong")))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(999))
			.thenAwait(Duration.ofMillis(1))
			.expectError(BadCredentialsException.class)
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void shouldRememberASuccessfulCheckForAWhile() {
		LoginThrottle throttle = new LoginThrottle(this.check, this.clock::get);

		Authentication first = throttle.authenticate(login("right")).block();
		Authentication again = throttle.authenticate(login("right")).block();
		this.clock.addAndGet(LoginThrottle.REMEMBER.toNanos() + 1);
		throttle.authenticate(login("right")).block();

		assertThat(first).isNotNull();
		assertThat(again).isSameAs(first);
		assertThat(this.checks).hasValue(2);
	}

	@Test
	void shouldNotRememberAFailure() {
		LoginThrottle throttle = new LoginThrottle(this.check, this.clock::get);

		StepVerifier.withVirtualTime(() -> throttle.authenticate(login("wrong")))
			.thenAwait(Duration.ofSeconds(1))
			.expectError(BadCredentialsException.class)
			.verify(Duration.ofSeconds(5));
		StepVerifier.withVirtualTime(() -> throttle.authenticate(login("wrong")))
			.thenAwait(Duration.ofSeconds(2))
			.expectError(BadCredentialsException.class)
			.verify(Duration.ofSeconds(5));

		assertThat(this.checks).hasValue(2);
	}

	private static Authentication login(String password) {
		return UsernamePasswordAuthenticationToken.unauthenticated("ops", password);
	}

}
