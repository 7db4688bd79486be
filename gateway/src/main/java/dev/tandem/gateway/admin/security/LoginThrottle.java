package dev.tandem.gateway.admin.security;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;
import org.springframework.web.server.ServerWebExchange;

/**
 * Wraps the password check of the management port: a failed login is logged with the user
 * name and client address (never the password) and answered only after a delay that
 * doubles with each failure in a row from that address (from {@link #FIRST_DELAY} up to
 * {@link #MAX_DELAY}), so guessing is slow while a typo costs a second. The delay does
 * not hold a thread. A script polling with HTTP Basic would pay a bcrypt check on every
 * call (about a second of CPU on a Pi); a successful check is therefore remembered for
 * {@link #REMEMBER} by a SHA-256 of the name and password, never the password itself.
 */
public final class LoginThrottle implements ReactiveAuthenticationManager {

	/** The delay after the first failure in a row. */
	static final Duration FIRST_DELAY = Duration.ofMillis(500);

	/** The longest delay. */
	static final Duration MAX_DELAY = Duration.ofSeconds(8);

	/**
	 * After this long without a failure, an address starts again from the first delay.
	 */
	static final Duration FORGET_FAILURES = Duration.ofMinutes(15);

	/** How long a successful check is remembered. */
	static final Duration REMEMBER = Duration.ofMinutes(5);

	/** Bounds both maps: an attacker with many addresses cannot grow them for ever. */
	static final int MAX_ENTRIES = 4096;

	private static final Log logger = LogFactory.getLog(LoginThrottle.class);

	private final ReactiveAuthenticationManager delegate;

	private final LongSupplier nanoClock;

	private final Map<String, Failures> failures = new ConcurrentHashMap<>();

	private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

	/**
	 * Throttle a password check.
	 * @param delegate the check
	 * @param nanoClock {@link System#nanoTime} outside tests
	 */
	public LoginThrottle(ReactiveAuthenticationManager delegate, LongSupplier nanoClock) {
		this.delegate = delegate;
		this.nanoClock = nanoClock;
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		String key = rememberKey(authentication);
		long now = this.nanoClock.getAsLong();
		Remembered known = (key != null) ? this.remembered.get(key) : null;
		if (known != null && now - known.at() < REMEMBER.toNanos()) {
			return Mono.just(known.authentication());
		}
		return Mono.deferContextual((context) -> {
			String address = ServerWebExchangeContextFilter.getExchange(context)
				.map(LoginThrottle::clientAddress)
				.orElse("unknown");
			return this.delegate.authenticate(authentication)
				.doOnNext((done) -> succeeded(address, key, done))
				.onErrorResume(AuthenticationException.class, (ex) -> failed(authentication.getName(), address, ex))
				.switchIfEmpty(Mono.defer(() -> failed(authentication.getName(), address,
						new BadCredentialsException("Invalid credentials"))));
		});
	}

	private void succeeded(String address, String key, Authentication done) {
		this.failures.remove(address);
		if (key != null) {
			bound(this.remembered);
			this.remembered.put(key, new Remembered(done, this.nanoClock.getAsLong()));
		}
	}

	private Mono<Authentication> failed(String name, String address, AuthenticationException ex) {
		bound(this.failures);
		long now = this.nanoClock.getAsLong();
		Failures count = this.failures.compute(address,
				(ignored, previous) -> (previous == null || now - previous.last() > FORGET_FAILURES.toNanos())
						? new Failures(1, now) : new Failures(previous.count() + 1, now));
		Duration delay = delay(count.count());
		logger.warn("Refused a login to the management port for user '" + printable(name) + "' from " + address + " ("
				+ count.count() + " failure" + ((count.count() == 1) ? "" : "s") + " in a row from that address); "
				+ "answering after " + delay.toMillis() + " ms.");
		return Mono.delay(delay).then(Mono.error(ex));
	}

	/**
	 * The delay before answering the given failure in a row.
	 * @param failuresInARow 1 for the first
	 * @return the delay
	 */
	static Duration delay(int failuresInARow) {
		int doublings = Math.min(Math.max(0, failuresInARow - 1), 10);
		Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
		return (delay.compareTo(MAX_DELAY) > 0) ? MAX_DELAY : delay;
	}

	private static void bound(Map<String, ?> map) {
		if (map.size() >= MAX_ENTRIES) {
			// Crude but bounded; the entries are only an optimization and a delay.
			map.clear();
		}
	}

	private static String rememberKey(Authentication authentication) {
		if (authentication.getName() == null || !(authentication.getCredentials() instanceof String password)) {
			return null;
		}
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(authentication.getName().getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0);
			digest.update(password.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			return null;
		}
	}

	private static String clientAddress(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "unknown";
	}

	// A user name comes from the client: keep log lines one line and short.
	private static String printable(String name) {
		if (name == null) {
			return "";
		}
		String cleaned = name.replaceAll("[^\\x20-\\x7e]", "?");
		return (cleaned.length() > 64) ? cleaned.substring(0, 64) + "..." : cleaned;
	}

	private record Failures(int count, long last) {

	}

	private record Remembered(Authentication authentication, long at) {

	}

}
