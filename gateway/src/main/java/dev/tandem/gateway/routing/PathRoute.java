package dev.tandem.gateway.routing;

import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;

/**
 * One configured route, ready to judge requests: whether a request's path and host match
 * it, and what becomes of the path. Immutable; built once at start-up.
 */
final class PathRoute {

	private final PathPattern pattern;

	/**
	 * Lower-case host, or its suffix (with the dot) for {@code *.example.org}; or null.
	 */
	private final String host;

	private final boolean anySubdomain;

	private final HttpStatus status;

	private final String stripPrefix;

	private final String prefix;

	private final String group;

	PathRoute(RouteProperties.Route route) {
		this.pattern = route.pattern();
		String host = (route.host() != null) ? route.host().toLowerCase(Locale.ROOT) : null;
		this.anySubdomain = host != null && host.startsWith("*.");
		this.host = this.anySubdomain ? host.substring(1) : host;
		this.status = (route.status() != null) ? HttpStatus.valueOf(route.status()) : null;
		this.stripPrefix = route.stripPrefix();
		this.prefix = route.prefix();
		this.group = route.group();
	}

	/**
	 * Whether a request matches this route.
	 * @param canonicalPath the request's path as {@link PathCanonicalizer} reads it
	 * @param requestHost the host the request named (no port), or null
	 */
	boolean matches(PathContainer canonicalPath, String requestHost) {
		if (this.host != null) {
			if (requestHost == null) {
				return false;
			}
			String named = requestHost.toLowerCase(Locale.ROOT);
			if (this.anySubdomain ? !named.endsWith(this.host) : !named.equals(this.host)) {
				return false;
			}
		}
		return this.pattern.matches(canonicalPath);
	}

	/** The status the gateway answers itself; null for a route to the members. */
	HttpStatus status() {
		return this.status;
	}

	/** The group of members that serves the route; null for every member. */
	String group() {
		return this.group;
	}

	/** Whether the path reaches the members changed. */
	boolean mapsPath() {
		return this.stripPrefix != null || this.prefix != null;
	}

	/**
	 * The raw path a member receives.
	 * @param rawPath the request's raw (still encoded) path
	 * @return the mapped raw path, or null when the path does not begin with the prefix
	 * to strip as written (only an encoded spelling of it matched)
	 */
	String mappedPath(String rawPath) {
		String path = rawPath;
		if (this.stripPrefix != null) {
			int length = this.stripPrefix.length();
			boolean starts = path.regionMatches(true, 0, this.stripPrefix, 0, length)
					&& (path.length() == length || path.charAt(length) == '/');
			if (!starts) {
				return null;
			}
			path = path.substring(length);
			if (path.isEmpty()) {
				path = "/";
			}
		}
		if (this.prefix != null) {
			path = this.prefix + path;
		}
		return path;
	}

}
