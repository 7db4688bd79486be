package dev.tandem.gateway.importer;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The member group each imported balancer becomes, named after the balancer and cut to
 * the characters a group name may hold (letters, digits, '.', '-', '_', at most 63).
 */
final class GroupNames {

	private static final int MAX_LENGTH = 63;

	private GroupNames() {
	}

	/**
	 * Name a group for each balancer, distinct even when two balancer names clean up to
	 * the same text.
	 * @param balancers the balancers imported as groups
	 * @return each balancer's group name, in the order given
	 */
	static Map<ImportedBalancer, String> of(List<ImportedBalancer> balancers) {
		Map<ImportedBalancer, String> names = new LinkedHashMap<>();
		Set<String> taken = new HashSet<>();
		for (ImportedBalancer balancer : balancers) {
			String name = cleaned(balancer.name);
			String unique = name;
			for (int n = 2; !taken.add(unique); n++) {
				unique = name.substring(0, Math.min(name.length(), MAX_LENGTH - 4)) + "-" + n;
			}
			names.put(balancer, unique);
		}
		return names;
	}

	private static String cleaned(String balancer) {
		// A ProxyPass to a single backend names its balancer by the URL: the scheme
		// would only add noise to the group's name and cookie.
		int scheme = balancer.indexOf("://");
		String name = (scheme >= 0) ? balancer.substring(scheme + 3) : balancer;
		name = name.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
		if (name.length() > MAX_LENGTH) {
			name = name.substring(0, MAX_LENGTH);
		}
		return name.isEmpty() ? "group" : name;
	}

}
