package dev.tandem.gateway.affinity;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway pins a client to a member, bound from {@code tandem.gateway.affinity}.
 * Start-up fails with one sentence naming the property when a cookie name is not a valid
 * cookie token, when the gateway's cookie would overwrite an application's session
 * cookie, or when the secret is too short to be one.
 *
 * @param cookieName Name of the gateway's own affinity cookie, which carries an opaque
 * token for the member that served the client.
 * @param sessionCookieNames Application session cookies whose ".route" suffix (text after
 * the first '.') names the member to stick to.
 * @param strict Fail a sticky client's request rather than move it to another member, for
 * applications without shared sessions.
 * @param secret Key (16 or more characters) that makes affinity tokens unforgeable; when
 * unset, a weaker key is derived from the member ids.
 */
@ConfigurationProperties(AffinityProperties.PREFIX)
record AffinityProperties(@DefaultValue(DEFAULT_COOKIE_NAME) String cookieName, @DefaultValue( {
		"JSESSIONID", "SESSION" }) List<String> sessionCookieNames, @DefaultValue("false") boolean strict,
		String secret){

	static final String PREFIX = "tandem.gateway.affinity";

	static final String DEFAULT_COOKIE_NAME = "TANDEM_ROUTE";

	/** A shorter secret adds little over the derived key and is most likely a mistake. */
	static final int MIN_SECRET_LENGTH = 16;

	public AffinityProperties {
		cookieName = (cookieName != null) ? cookieName.trim() : DEFAULT_COOKIE_NAME;
		if (!isToken(cookieName)) {
			throw new IllegalArgumentException(PREFIX + ".cookie-name must be a cookie name of letters, digits and "
					+ "!#$%&'*+-.^_`|~ only, such as " + DEFAULT_COOKIE_NAME + ", but was '" + cookieName + "'.");
		}
		sessionCookieNames = (sessionCookieNames != null) ? sessionCookieNames.stream().map(String::trim).toList()
				: List.of();
		for (int i = 0; i < sessionCookieNames.size(); i++) {
			String name = sessionCookieNames.get(i);
			if (!isToken(name)) {
				throw new IllegalArgumentException(PREFIX + ".session-cookie-names[" + i + "] must be a cookie name "
						+ "of letters, digits and !#$%&'*+-.^_`|~ only, such as JSESSIONID, but was '" + name + "'.");
			}
			if (name.toLowerCase(Locale.ROOT).equals(cookieName.toLowerCase(Locale.ROOT))) {
				throw new IllegalArgumentException(PREFIX + ".cookie-name '" + cookieName + "' is also listed in "
						+ PREFIX + ".session-cookie-names, so the gateway would overwrite the application's session "
						+ "cookie; choose another name.");
			}
		}
		if (secret != null && secret.length() < MIN_SECRET_LENGTH) {
			throw new IllegalArgumentException(PREFIX + ".secret must be at least " + MIN_SECRET_LENGTH
					+ " characters (leave it unset to derive a key from the member ids), but had " + secret.length()
					+ ".");
		}
	}

	// RFC 6265 cookie-name = RFC 7230 token: visible ASCII except separators.
	private static boolean isToken(String name) {
		if (name.isEmpty()) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The configured secret, if any.
	 * @return the secret, empty when tokens are derived from the member ids alone
	 */
	public Optional<String> optionalSecret() {
		return Optional.ofNullable(this.secret);
	}

	// The secret must never reach a log line or a diagnostics page through toString.
	@Override
	public String toString() {
		return "AffinityProperties[cookieName=" + this.cookieName + ", sessionCookieNames=" + this.sessionCookieNames
				+ ", strict=" + this.strict + ", secret=" + ((this.secret != null) ? "******" : "unset") + "]";
	}

}
