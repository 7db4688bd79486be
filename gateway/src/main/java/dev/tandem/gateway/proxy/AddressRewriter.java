package dev.tandem.gateway.proxy;

import java.net.URI;

/**
 * Rewrites one header value of a member's answer that names a member: an absolute URL
 * ({@code Location}, {@code Content-Location}, the {@code url=} of {@code Refresh}) whose
 * scheme, host and port are a member's gets the scheme and authority the client used, the
 * path, query and fragment unchanged; a {@code Set-Cookie} whose {@code Domain} is a
 * member's host loses that attribute. Values that name no member, relative URLs included,
 * come back as the same instance, found without allocating.
 */
final class AddressRewriter {

	private static final int HTTP_PORT = 80;

	private static final int HTTPS_PORT = 443;

	private final MemberOrigins members;

	AddressRewriter(MemberOrigins members) {
		this.members = members;
	}

	/**
	 * A {@code Location} or {@code Content-Location} value.
	 * @param value the member's value
	 * @param clientUri the request as the client sent it (scheme and authority)
	 * @return the rewritten value, or {@code value} itself when it names no member
	 */
	String url(String value, URI clientUri) {
		return urlAt(value, 0, clientUri);
	}

	/**
	 * A {@code Refresh} value, {@code 5; url=http://host/path} (the URL may be quoted,
	 * the separator {@code ;} or {@code ,}, {@code url} in any case).
	 * @param value the member's value
	 * @param clientUri the request as the client sent it
	 * @return the rewritten value, or {@code value} itself when its URL names no member
	 */
	String refresh(String value, URI clientUri) {
		int separator = indexOfEither(value, ';', ',', 0);
		if (separator < 0) {
			return value;
		}
		int i = skipSpaces(value, separator + 1);
		if (!value.regionMatches(true, i, "url", 0, 3)) {
			return value;
		}
		i = skipSpaces(value, i + 3);
		if (i >= value.length() || value.charAt(i) != '=') {
			return value;
		}
		i = skipSpaces(value, i + 1);
		if (i < value.length() && (value.charAt(i) == '\'' || value.charAt(i) == '"')) {
			i++;
		}
		return urlAt(value, i, clientUri);
	}

	/**
	 * A {@code Set-Cookie} value: a {@code Domain} attribute naming a member's host (with
	 * or without a leading dot) is removed, so the cookie belongs to the host the client
	 * used.
	 * @param value the member's value
	 * @return the value without that attribute, or {@code value} itself when it has none
	 */
	String setCookie(String value) {
		int separator = value.indexOf(';');
		while (separator >= 0) {
			int next = value.indexOf(';', separator + 1);
			int end = (next >= 0) ? next : value.length();
			int name = skipSpaces(value, separator + 1);
			if (value.regionMatches(true, name, "domain", 0, 6)) {
				int equals = skipSpaces(value, name + 6);
				if (equals < end && value.charAt(equals) == '=') {
					int hostStart = skipSpaces(value, equals + 1);
					int hostEnd = trimEnd(value, hostStart, end);
					if (hostStart < hostEnd && value.charAt(hostStart) == '.') {
						hostStart++;
					}
					if (this.members.isMemberHost(value, hostStart, hostEnd)) {
						return value.substring(0, separator) + value.substring(end);
					}
				}
			}
			separator = next;
		}
		return value;
	}

	private String urlAt(String value, int start, URI clientUri) {
		boolean https;
		int hostStart;
		if (value.regionMatches(true, start, "http://", 0, 7)) {
			https = false;
			hostStart = start + 7;
		}
		else if (value.regionMatches(true, start, "https://", 0, 8)) {
			https = true;
			hostStart = start + 8;
		}
		else {
			return value;
		}
		int authorityEnd = authorityEnd(value, hostStart);
		int hostEnd = hostEnd(value, hostStart, authorityEnd);
		if (hostEnd < 0) {
			return value;
		}
		int port = port(value, hostEnd, authorityEnd, https);
		if (port < 0 || !this.members.isMember(https, value, hostStart, hostEnd, port)) {
			return value;
		}
		return value.substring(0, start) + clientUri.getScheme() + "://" + clientUri.getRawAuthority()
				+ value.substring(authorityEnd);
	}

	private static int authorityEnd(String value, int from) {
		for (int i = from; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '/' || c == '?' || c == '#' || c == '\'' || c == '"' || c <= ' ') {
				return i;
			}
		}
		return value.length();
	}

	/** Where the host ends, or -1 for an authority that names no plain host. */
	private static int hostEnd(String value, int hostStart, int authorityEnd) {
		if (hostStart >= authorityEnd || value.lastIndexOf('@', authorityEnd - 1) >= hostStart) {
			// No host, or user info, which no member address has.
			return -1;
		}
		if (value.charAt(hostStart) == '[') {
			int close = value.indexOf(']', hostStart);
			return (close >= 0 && close < authorityEnd) ? close + 1 : -1;
		}
		int colon = value.indexOf(':', hostStart);
		return (colon >= 0 && colon < authorityEnd) ? colon : authorityEnd;
	}

	/** The port written after the host, the scheme's default when none, -1 if invalid. */
	private static int port(String value, int hostEnd, int authorityEnd, boolean https) {
		if (hostEnd == authorityEnd || hostEnd + 1 == authorityEnd) {
			return https ? HTTPS_PORT : HTTP_PORT;
		}
		if (value.charAt(hostEnd) != ':' || authorityEnd - hostEnd > 6) {
			return -1;
		}
		int port = 0;
		for (int i = hostEnd + 1; i < authorityEnd; i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			port = port * 10 + (c - '0');
		}
		return port;
	}

	private static int indexOfEither(String value, char first, char second, int from) {
		for (int i = from; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == first || c == second) {
				return i;
			}
		}
		return -1;
	}

	private static int skipSpaces(String value, int from) {
		int i = from;
		while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
			i++;
		}
		return i;
	}

	private static int trimEnd(String value, int start, int end) {
		int i = end;
		while (i > start && (value.charAt(i - 1) == ' ' || value.charAt(i - 1) == '\t')) {
			i--;
		}
		return i;
	}

}
