package dev.tandem.gateway.affinity;

import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;

/**
 * Finds the member a request is sticky to, trying in order: the gateway's own affinity
 * cookie; a {@code .route} suffix (the text after the first '.') of a cookie named in
 * {@code session-cookie-names}, like httpd's stickysession; a
 * {@code ;jsessionid=<id>.<route>} path parameter, like httpd's scolonpathdelim. A route
 * counts only when it is exactly a member's id now; a forged, unknown, oversized or
 * malformed value (control characters, ';', bad base64) is no affinity, never an error,
 * and the next source is tried.
 */
final class StickyRouteResolver {

	/** Longer values are not session ids; they are ignored without being scanned. */
	static final int MAX_VALUE_LENGTH = 512;

	private static final String PATH_PARAMETER = ";jsessionid=";

	private final AffinityCookieCodec codec;

	private final String cookieName;

	private final List<String> sessionCookieNames;

	StickyRouteResolver(AffinityCookieCodec codec, AffinityProperties properties) {
		this.codec = codec;
		this.cookieName = properties.cookieName();
		this.sessionCookieNames = properties.sessionCookieNames();
	}

	/**
	 * The member a request is sticky to.
	 * @param request the request as the client sent it
	 * @return the member id, empty when the request carries no valid route
	 */
	public Optional<String> resolve(ServerHttpRequest request) {
		return resolve(request.getCookies(), request.getURI().getRawPath());
	}

	Optional<String> resolve(MultiValueMap<String, HttpCookie> cookies, String rawPath) {
		return ownCookieMember(cookies).or(() -> sessionCookieRoute(cookies)).or(() -> pathParameterRoute(rawPath));
	}

	/**
	 * The member the gateway's own cookie names.
	 * @param cookies the request's cookies
	 * @return the member of the first of the gateway's cookies that decodes, else empty
	 */
	Optional<String> ownCookieMember(MultiValueMap<String, HttpCookie> cookies) {
		for (HttpCookie cookie : cookies.getOrDefault(this.cookieName, List.of())) {
			Optional<String> member = this.codec.decode(cookie.getValue());
			if (member.isPresent()) {
				return member;
			}
		}
		return Optional.empty();
	}

	private Optional<String> sessionCookieRoute(MultiValueMap<String, HttpCookie> cookies) {
		for (String name : this.sessionCookieNames) {
			for (HttpCookie cookie : cookies.getOrDefault(name, List.of())) {
				Optional<String> route = routeOf(cookie.getValue());
				if (route.isPresent()) {
					return route;
				}
			}
		}
		return Optional.empty();
	}

	private Optional<String> pathParameterRoute(String rawPath) {
		if (rawPath == null) {
			return Optional.empty();
		}
		int start = indexOfParameter(rawPath, 0);
		// Two session ids in one path are ambiguous: neither is trusted.
		if (start < 0 || indexOfParameter(rawPath, start + 1) >= 0) {
			return Optional.empty();
		}
		int from = start + PATH_PARAMETER.length();
		int end = from;
		while (end < rawPath.length() && rawPath.charAt(end) != ';' && rawPath.charAt(end) != '/') {
			end++;
		}
		return routeOf(rawPath.substring(from, end));
	}

	// ASCII-only case folding: String.toLowerCase could change the length of the path.
	private static int indexOfParameter(String path, int from) {
		for (int i = from; i + PATH_PARAMETER.length() <= path.length(); i++) {
			int matched = 0;
			while (matched < PATH_PARAMETER.length()
					&& asciiLowerCase(path.charAt(i + matched)) == PATH_PARAMETER.charAt(matched)) {
				matched++;
			}
			if (matched == PATH_PARAMETER.length()) {
				return i;
			}
		}
		return -1;
	}

	private static char asciiLowerCase(char c) {
		return (c >= 'A' && c <= 'Z') ? (char) (c + ('a' - 'A')) : c;
	}

	private Optional<String> routeOf(String value) {
		if (value == null || value.length() > MAX_VALUE_LENGTH || !isCookieValue(value)) {
			return Optional.empty();
		}
		int dot = value.indexOf('.');
		if (dot < 0) {
			return Optional.empty();
		}
		String route = value.substring(dot + 1);
		return this.codec.isMember(route) ? Optional.of(route) : Optional.empty();
	}

	// RFC 6265 cookie-octet: visible ASCII except '"', ',', ';' and '\'. A value outside
	// it was smuggled past the parser and must not steer the request.
	private static boolean isCookieValue(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\') {
				return false;
			}
		}
		return true;
	}

}
