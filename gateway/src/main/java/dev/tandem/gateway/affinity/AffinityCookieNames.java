package dev.tandem.gateway.affinity;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The name of the gateway's affinity cookie for a route's group of members: the
 * configured name for routes to every member, and the name with {@code _<group>} after it
 * for a group, so that a client of two applications behind one gateway stays pinned in
 * each ({@code TANDEM_ROUTE_shop}, {@code TANDEM_ROUTE_blog}).
 */
final class AffinityCookieNames {

	private final String cookieName;

	// Group names come from the configuration and the admin API: a handful, built once.
	private final Map<String, String> byGroup = new ConcurrentHashMap<>();

	AffinityCookieNames(String cookieName) {
		this.cookieName = cookieName;
	}

	/**
	 * The cookie that pins a client within a group.
	 * @param group the route's group, {@code null} for every member
	 * @return the cookie name
	 */
	String forGroup(String group) {
		if (group == null) {
			return this.cookieName;
		}
		String name = this.byGroup.get(group);
		if (name == null) {
			name = this.cookieName + "_" + group;
			this.byGroup.putIfAbsent(group, name);
		}
		return name;
	}

}
