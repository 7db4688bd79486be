package dev.tandem.gateway.affinity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.Members;

import org.springframework.http.HttpCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Finds the member a request is sticky to among the members serving its route's group,
 * trying in order: the gateway's own affinity cookie (the group's, see
 * {@link AffinityCookieNames}); a {@code .route} suffix (the text after the first '.') of
 * a cookie named in {@code session-cookie-names}, like httpd's stickysession; a
 * {@code ;jsessionid=<id>.<route>} path parameter, like httpd's scolonpathdelim, or one
 * named in httpd's {@code COOKIE|param} form; a {@code ?param=<id>.<route>} query
 * parameter named in that form. A route counts only when it is a member's route now (or,
 * failing that, a member's id); a forged, unknown, oversized or malformed value (control
 * characters, ';', bad base64) is no affinity, never an error, and the next source is
 * tried.
 */
final class StickyRouteResolver {

	/** Longer values are not session ids; they are ignored without being scanned. */
	static final int MAX_VALUE_LENGTH = 512;

	/** Honoured whatever is configured, as Tomcat writes it into URLs by default. */
	private static final String DEFAULT_PATH_PARAMETER = "jsessionid";

	private final AffinityCookieCodec codec;

	private final Members members;

	private final AffinityCookieNames cookieNames;

	private final List<String> sessionCookieNames;

	/** Path parameter markers such as {@code ;jsessionid=}, in lower case. */
	private final List<String> pathParameters;

	private final List<String> queryParameters;

	StickyRouteResolver(AffinityCookieCodec codec, Members members, AffinityProperties properties) {
		this.codec = codec;
		this.members = members;
		this.cookieNames = new AffinityCookieNames(properties.cookieName());
		List<StickySession> sessions = properties.stickySessions();
		this.sessionCookieNames = sessions.stream().map(StickySession::cookieName).toList();
		this.queryParameters = sessions.stream().flatMap((session) -> session.parameter().stream()).toList();
		List<String> pathParameters = new ArrayList<>();
		pathParameters.add(marker(DEFAULT_PATH_PARAMETER));
		this.queryParameters.stream()
			.map(StickyRouteResolver::marker)
			.filter((marker) -> !pathParameters.contains(marker))
			.forEach(pathParameters::add);
		this.pathParameters = List.copyOf(pathParameters);
	}

	// Parameter names are tokens, so ASCII: Locale.ROOT keeps their length.
	private static String marker(String parameter) {
		return ";" + parameter.toLowerCase(Locale.ROOT) + "=";
	}

	/**
	 * The member a request is sticky to.
	 * @param request the request as the client sent it
	 * @param group the group of members serving the request's route, {@code null} for
	 * every member
	 * @return the member id, empty when the request carries no valid route to a member of
	 * the group
	 */
	public Optional<String> resolve(ServerHttpRequest request, String group) {
		return resolve(request.getCookies(), request.getURI().getRawPath(), request.getURI().getRawQuery(), group);
	}

	Optional<String> resolve(MultiValueMap<String, HttpCookie> cookies, String rawPath) {
		return resolve(cookies, rawPath, null, null);
	}

	Optional<String> resolve(MultiValueMap<String, HttpCookie> cookies, String rawPath, String rawQuery) {
		return resolve(cookies, rawPath, rawQuery, null);
	}

	Optional<String> resolve(MultiValueMap<String, HttpCookie> cookies, String rawPath, String rawQuery, String group) {
		return ownCookieMember(cookies, group).or(() -> sessionCookieRoute(cookies, group))
			.or(() -> pathParameterRoute(rawPath, group))
			.or(() -> queryParameterRoute(rawQuery, group));
	}

	/**
	 * The name of the gateway's own cookie for a group.
	 * @param group the route's group, {@code null} for every member
	 * @return the cookie name
	 */
	String cookieName(String group) {
		return this.cookieNames.forGroup(group);
	}

	/**
	 * The member the gateway's own cookie for a group names.
	 * @param cookies the request's cookies
	 * @param group the route's group, {@code null} for every member
	 * @return the member of the first of the group's cookies that decodes to a member of
	 * the group, else empty
	 */
	Optional<String> ownCookieMember(MultiValueMap<String, HttpCookie> cookies, String group) {
		for (HttpCookie cookie : cookies.getOrDefault(this.cookieNames.forGroup(group), List.of())) {
			Optional<String> member = this.codec.decode(cookie.getValue());
			// A value copied from another group's cookie names a member outside this one.
			if (member.isPresent() && (group == null || this.members.current().serves(member.get(), group))) {
				return member;
			}
		}
		return Optional.empty();
	}

	private Optional<String> sessionCookieRoute(MultiValueMap<String, HttpCookie> cookies, String group) {
		for (String name : this.sessionCookieNames) {
			for (HttpCookie cookie : cookies.getOrDefault(name, List.of())) {
				Optional<String> route = routeOf(cookie.getValue(), group);
				if (route.isPresent()) {
					return route;
				}
			}
		}
		return Optional.empty();
	}

	private Optional<String> pathParameterRoute(String rawPath, String group) {
		if (rawPath == null) {
			return Optional.empty();
		}
		for (String marker : this.pathParameters) {
			Optional<String> route = pathParameterRoute(rawPath, marker, group);
			if (route.isPresent()) {
				return route;
			}
		}
		return Optional.empty();
	}

	private Optional<String> pathParameterRoute(String rawPath, String marker, String group) {
		int start = indexOfParameter(rawPath, marker, 0);
		// Two session ids in one path are ambiguous: neither is trusted.
		if (start < 0 || indexOfParameter(rawPath, marker, start + 1) >= 0) {
			return Optional.empty();
		}
		int from = start + marker.length();
		int end = from;
		while (end < rawPath.length() && rawPath.charAt(end) != ';' && rawPath.charAt(end) != '/') {
			end++;
		}
		return routeOf(rawPath.substring(from, end), group);
	}

	// ASCII-only case folding: String.toLowerCase could change the length of the path.
	private static int indexOfParameter(String path, String marker, int from) {
		for (int i = from; i + marker.length() <= path.length(); i++) {
			int matched = 0;
			while (matched < marker.length() && asciiLowerCase(path.charAt(i + matched)) == marker.charAt(matched)) {
				matched++;
			}
			if (matched == marker.length()) {
				return i;
			}
		}
		return -1;
	}

	private static char asciiLowerCase(char c) {
		return (c >= 'A' && c <= 'Z') ? (char) (c + ('a' - 'A')) : c;
	}

	private Optional<String> queryParameterRoute(String rawQuery, String group) {
		if (rawQuery == null || this.queryParameters.isEmpty()) {
			return Optional.empty();
		}
		MultiValueMap<String, String> parameters = UriComponentsBuilder.newInstance()
			.query(rawQuery)
			.build()
			.getQueryParams();
		for (String name : this.queryParameters) {
			List<String> values = new ArrayList<>();
			for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
				if (parameter.getKey().equalsIgnoreCase(name)) {
					values.addAll(parameter.getValue());
				}
			}
			// As in the path, two session ids are ambiguous.
			Optional<String> route = (values.size() == 1) ? routeOf(values.get(0), group) : Optional.empty();
			if (route.isPresent()) {
				return route;
			}
		}
		return Optional.empty();
	}

	private Optional<String> routeOf(String value, String group) {
		if (value == null || value.length() > MAX_VALUE_LENGTH || !isCookieValue(value)) {
			return Optional.empty();
		}
		int dot = value.indexOf('.');
		if (dot < 0) {
			return Optional.empty();
		}
		return this.members.current().routedTo(value.substring(dot + 1), group).map(Member::id);
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
