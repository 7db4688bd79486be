package dev.tandem.node.metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.function.LongSupplier;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Remembers the scrape user's last successful login for {@link #REMEMBER}, by a SHA-256
 * of name and password (never the password itself), so that Prometheus, scraping every
 * few seconds, does not cost a bcrypt check each time (about a second of CPU on a Pi, as
 * the gateway measured). Anything else, a wrong password included, goes to the real
 * check.
 */
final class RememberedScrapeLogin implements AuthenticationProvider {

	/** How long a successful check is remembered. */
	static final Duration REMEMBER = Duration.ofMinutes(5);

	private final AuthenticationProvider check;

	private final LongSupplier nanoClock;

	private volatile Remembered last;

	RememberedScrapeLogin(AuthenticationProvider check, LongSupplier nanoClock) {
		this.check = check;
		this.nanoClock = nanoClock;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		byte[] key = key(authentication);
		long now = this.nanoClock.getAsLong();
		Remembered known = this.last;
		if (known != null && now - known.at() < REMEMBER.toNanos() && MessageDigest.isEqual(known.key(), key)) {
			return known.result();
		}
		Authentication result = this.check.authenticate(authentication);
		if (result != null && result.isAuthenticated()) {
			this.last = new Remembered(key, result, now);
		}
		return result;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private static byte[] key(Authentication authentication) {
		String credentials = String.valueOf(authentication.getCredentials());
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			// The name's length first, so that no name and password pair can pass for
			// another.
			sha256.update((authentication.getName().length() + ":" + authentication.getName() + ":")
				.getBytes(StandardCharsets.UTF_8));
			return sha256.digest(credentials.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java has SHA-256", ex);
		}
	}

	private record Remembered(byte[] key, Authentication result, long at) {

	}

}
