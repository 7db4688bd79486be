package dev.tandem.gateway.affinity;

import java.util.Optional;

/**
 * One entry of {@code session-cookie-names}, in httpd's {@code stickysession} form: a
 * cookie name, optionally followed by {@code |} and the name of the URL parameter
 * ({@code ;name=} in the path or {@code ?name=} in the query) that carries the same
 * session id when the client sends no cookie, such as {@code JSESSIONID|jsessionid}.
 *
 * @param cookieName the session cookie
 * @param parameterName the URL parameter, or {@code null} for a plain cookie name
 */
record StickySession(String cookieName, String parameterName) {

	/** What each part of an entry may hold, for the error sentence. */
	static final String RULE = "a cookie name of letters, digits and !#$%&'*+-.^_`~ only, such as JSESSIONID, "
			+ "or httpd's form COOKIE|parameter with one '|' between two such names and no '&' in the parameter, "
			+ "such as JSESSIONID|jsessionid";

	/**
	 * The entry a configured value names.
	 * @param value the value, trimmed
	 * @return the entry, empty when the value cannot name one: an empty part, more than
	 * one {@code |}, or a character that a cookie name (an RFC 6265 token) or a URL
	 * parameter name cannot hold
	 */
	static Optional<StickySession> parse(String value) {
		int bar = value.indexOf('|');
		if (bar < 0) {
			return isToken(value) ? Optional.of(new StickySession(value, null)) : Optional.empty();
		}
		String cookie = value.substring(0, bar);
		String parameter = value.substring(bar + 1);
		// A '&' would split a query parameter, a second '|' is a typo for two entries.
		if (!isToken(cookie) || !isToken(parameter) || parameter.indexOf('&') >= 0 || parameter.indexOf('|') >= 0) {
			return Optional.empty();
		}
		return Optional.of(new StickySession(cookie, parameter));
	}

	/**
	 * Whether a text is a cookie name: an RFC 6265 token, visible ASCII except
	 * separators.
	 * @param name the candidate
	 * @return whether it is one
	 */
	static boolean isToken(String name) {
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
	 * The URL parameter, if the entry names one.
	 * @return the parameter name, empty for a plain cookie name
	 */
	Optional<String> parameter() {
		return Optional.ofNullable(this.parameterName);
	}

}
