package dev.tandem.node.metrics;

import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/**
 * The scrape user of {@code /actuator/prometheus}, under {@code tandem.node.metrics}. The
 * metrics show the cluster, so they need a login; Prometheus logs in with HTTP Basic. The
 * node is given the encoded password, never the password itself. Without one, scraping is
 * off: the endpoint answers 401 to everyone.
 *
 * @param username Login name Prometheus scrapes /actuator/prometheus with (HTTP Basic):
 * letters, digits and . _ - @, at most 64 characters.
 * @param password The scrape user's password as Spring Security stores it, with its
 * encoder's id in front: {bcrypt}$2a$10$... (make one with: java -jar gateway.jar
 * encode-password). Never the password itself. Unset: /actuator/prometheus answers 401.
 */
@ConfigurationProperties(MetricsProperties.PREFIX)
public record MetricsProperties(@DefaultValue("prometheus") String username, String password) {

	static final String PREFIX = "tandem.node.metrics";

	private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.@-]{1,64}$");

	private static final Pattern ENCODED = Pattern.compile("^\\{[A-Za-z0-9_.@-]+\\}.+$", Pattern.DOTALL);

	public MetricsProperties {
		if (username == null || !NAME.matcher(username.trim()).matches()) {
			throw new IllegalArgumentException(
					PREFIX + ".username must be 1 to 64 letters, digits or . _ - @, but was '" + username + "'.");
		}
		username = username.trim();
		// A blank value (an empty environment variable) means "not set", so env files can
		// leave the line in place.
		password = (password == null || password.isBlank()) ? null : checkEncoded(password.trim());
	}

	/**
	 * Whether a password is set, so that Prometheus can scrape.
	 * @return {@code true} when the scrape user can log in
	 */
	public boolean scrapeEnabled() {
		return this.password != null;
	}

	private static String checkEncoded(String password) {
		if (!ENCODED.matcher(password).matches() || !knownEncoder(password)) {
			// Never echo the value: it may be a password someone pasted in clear.
			throw new IllegalArgumentException(PREFIX + ".password must be an encoded password with its encoder "
					+ "in front, such as {bcrypt}$2a$10$...; make one with 'java -jar gateway.jar encode-password'.");
		}
		return password;
	}

	// Spring Security's delegating encoder refuses an id it has no encoder for only when
	// a password is checked; ask it once now rather than fail every scrape.
	private static boolean knownEncoder(String password) {
		try {
			PasswordEncoderFactories.createDelegatingPasswordEncoder().matches("", password);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/** Never the password: a record's default would print it in a log or a failure. */
	@Override
	public String toString() {
		return "MetricsProperties[username=" + this.username + ", password=" + (scrapeEnabled() ? "(set)" : "(unset)")
				+ "]";
	}

}
