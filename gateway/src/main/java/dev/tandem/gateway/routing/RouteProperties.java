package dev.tandem.gateway.routing;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.tandem.shared.InvalidSettings;
import dev.tandem.shared.MemberIds;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * The public paths the gateway routes, bound from {@code tandem.gateway.routes[i]}, tried
 * in order as httpd tries its {@code ProxyPass} lines: the first route whose path (and
 * host, when given) matches decides. None configured: every path goes to the members, as
 * one route over everything. Start-up fails with one sentence naming the property when a
 * route cannot work.
 *
 * @param routes The routes in the order they are tried; each has a path pattern, and
 * either a status the gateway answers itself (an exclusion, like
 * {@code ProxyPass /path !}) or how the path is mapped for the members, and which group
 * of members serves it.
 */
@ConfigurationProperties(RouteProperties.PREFIX)
record RouteProperties(List<Route> routes) {

	static final String PREFIX = "tandem.gateway";

	RouteProperties {
		routes = (routes != null) ? List.copyOf(routes) : List.of();
		for (int i = 0; i < routes.size(); i++) {
			routes.get(i).check(PREFIX + ".routes[" + i + "]");
		}
	}

	/**
	 * Checks that each route's group is the group of a configured member.
	 * @param memberGroups the configured members' groups
	 * @throws InvalidSettings naming the first route whose group has none
	 */
	void requireMembersFor(Set<String> memberGroups) {
		for (int i = 0; i < this.routes.size(); i++) {
			String group = this.routes.get(i).group();
			if (group != null && !memberGroups.contains(group)) {
				throw new InvalidSettings(PREFIX + ".routes[" + i + "].group '" + group + "' is the group of "
						+ "no member; give it to the members that serve the route with " + PREFIX + ".members[i].group="
						+ group + (memberGroups.isEmpty() ? "."
								: ", or name one of the members' groups: " + String.join(", ", memberGroups) + "."));
			}
		}
	}

	/**
	 * One route.
	 *
	 * @param path Path pattern the request's path must match, such as {@code /shop/**};
	 * Spring's path-pattern syntax, matched against the decoded path in lower case.
	 * @param host Host name the request must name, such as {@code shop.example.org} or
	 * {@code *.example.org}; any host when unset.
	 * @param status Status (400 to 599) the gateway answers itself, with no member asked:
	 * an exclusion; unset for a route to the members.
	 * @param stripPrefix Path prefix removed before the request goes to a member, as
	 * {@code ProxyPass /app/ balancer://x/} does: {@code /app/cart} reaches the member as
	 * {@code /cart}.
	 * @param prefix Path prefix added before the request goes to a member (after the
	 * strip), as {@code ProxyPass / balancer://x/app/} does.
	 * @param group The group of members ({@code tandem.gateway.members[i].group}) that
	 * serves this route, like the balancer a {@code ProxyPass} names; every member when
	 * unset.
	 */
	record Route(String path, String host, Integer status, String stripPrefix, String prefix, String group) {

		void check(String property) {
			if (this.path == null || !this.path.startsWith("/")) {
				throw new IllegalArgumentException(
						property + ".path must start with '/', such as /shop/**, but was '" + this.path + "'.");
			}
			try {
				pattern();
			}
			catch (PatternParseException ex) {
				throw new IllegalArgumentException(property + ".path '" + this.path + "' is not a path pattern ("
						+ ex.getMessage() + "); write it like /shop/** or /static/*.css.");
			}
			if (this.host != null && !this.host.matches("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
				throw new IllegalArgumentException(property + ".host must be a host name such as shop.example.org "
						+ "or *.example.org, but was '" + this.host + "'.");
			}
			if (this.status != null) {
				if (this.status < 400 || this.status > 599) {
					throw new IllegalArgumentException(
							property + ".status must be 400 to 599, such as 404, but was " + this.status + ".");
				}
				if (this.stripPrefix != null || this.prefix != null || this.group != null) {
					throw new IllegalArgumentException(property + ".status answers the path at the gateway, so "
							+ property + ".strip-prefix, .prefix and .group cannot apply; remove one or the other.");
				}
			}
			if (this.group != null) {
				MemberIds.requireValid(this.group, property + ".group");
			}
			checkPrefix(this.stripPrefix, property + ".strip-prefix");
			checkPrefix(this.prefix, property + ".prefix");
		}

		private static void checkPrefix(String value, String property) {
			if (value != null && (!value.startsWith("/") || value.endsWith("/") || value.contains("//")
					|| value.contains("?") || value.contains("#") || value.contains("%"))) {
				throw new IllegalArgumentException(property + " must be a path such as /app, starting with '/' and "
						+ "not ending with it, without '?', '#' or '%', but was '" + value + "'.");
			}
		}

		PathPattern pattern() {
			return PathPatternParser.defaultInstance.parse(this.path.toLowerCase(Locale.ROOT));
		}

	}

}
