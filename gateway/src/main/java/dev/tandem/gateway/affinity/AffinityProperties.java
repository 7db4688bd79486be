package dev.tandem.gateway.affinity;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway pins a client to a member, bound from {@code tandem.gateway.affinity}.
 * Start-up fails with one sentence naming the property when a cookie name is not a valid
 * cookie token, when a session cookie entry is neither a cookie name nor httpd's
 * {@code COOKIE|param} form, when the gateway's cookie would overwrite an application's
 * session cookie, or when the secret is too short to be one.
 *
 * @param cookieName Name of the gateway's own affinity cookie, which carries an opaque
 * token for the member that served the client.
 * @param sessionCookieNames Application session cookies whose ".route" suffix (text after
 * the first '.') names the member to stick to; httpd's stickysession form COOKIE|param
 * also reads the session id from the ;param= path or ?param= query parameter.
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
		if (!StickySession.isToken(cookieName)) {
			throw new IllegalArgumentException(PREFIX + ".cookie-name must be a cookie name of letters, digits and "
					+ "!#$%&'*+-.^_`|~ only, such as " + DEFAULT_COOKIE_NAME + ", but was '" + cookieName + "'.");
		}
		sessionCookieNames = (sessionCookieNames != null) ? sessionCookieNames.stream().map(String::trim).toList()
				: List.of();
		for (int i = 0; i < sessionCookieNames.size(); i++) {
			String name = sessionCookieNames.get(i);
			Optional<StickySession> session = StickySession.parse(name);
			if (session.isEmpty()) {
				throw new IllegalArgumentException(PREFIX + ".session-cookie-names[" + i + "] must be "
						+ StickySession.RULE + ", but was '" + name + "'.");
			}
			if (session.get().cookieName().toLowerCase(Locale.ROOT).equals(cookieName.toLowerCase(Locale.ROOT))) {
				throw new IllegalArgumentException(PREFIX + ".cookie-name '" + cookieName + "' is also listed in "
						+ PREFIX + ".session-cookie-names[" + i + "], so the gateway would overwrite the "
						+ "application's session cookie; choose another name.");
			}
		}
		if (secret != null && secret.length() < MIN_SECRET_LENGTH) {
			throw new IllegalArgumentException(PREFIX + ".secret must be at least " + MIN_SECRET_LENGTH
					+ " characters (leave it unset to derive a key from the member ids), but had " + secret.length()
					+ ".");
		}
	}

	/**
	 * The session cookies, and the URL parameters of those given in httpd's
	 * {@code COOKIE|param} form, in configuration order.
	 * @return one entry per configured name
	 */
	List<StickySession> stickySessions() {
		return this.sessionCookieNames.stream().map((name) -> StickySession.parse(name).orElseThrow()).toList();
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
