package dev.tandem.gateway.importer;

import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tandem.shared.MemberIds;

/**
 * The Tandem id of each imported member: the mod_jk worker's name, else the old route
 * when it reads as a name, else the host. Ids are unique across all members, so an id
 * that two balancers would both use takes its group's name as a prefix in each of them
 * (the member keeps the old route, so its sticky users stay); a second member of the same
 * id within one balancer takes a number instead.
 */
final class ImportedIds {

	/** Room left for a "-n" suffix within the 63 characters of an id. */
	private static final int BASE_LENGTH = 60;

	private ImportedIds() {
	}

	/**
	 * The id of every member of the balancers.
	 * @param balancers the imported balancers
	 * @param groups each balancer's group name; empty when only one balancer is imported
	 * @return each member's id
	 */
	static Map<ImportedMember, String> of(List<ImportedBalancer> balancers, Map<ImportedBalancer, String> groups) {
		Map<String, Set<ImportedBalancer>> usedBy = new HashMap<>();
		for (ImportedBalancer balancer : balancers) {
			for (ImportedMember member : balancer.members) {
				usedBy.computeIfAbsent(base(member), (id) -> new HashSet<>()).add(balancer);
			}
		}
		Map<ImportedMember, String> ids = new LinkedHashMap<>();
		Set<String> taken = new HashSet<>();
		for (ImportedBalancer balancer : balancers) {
			for (ImportedMember member : balancer.members) {
				String id = base(member);
				if (usedBy.get(id).size() > 1 && groups.containsKey(balancer)) {
					id = cut(groups.get(balancer) + "-" + id);
				}
				String unique = id;
				for (int n = 2; !taken.add(unique); n++) {
					unique = id + "-" + n;
				}
				ids.put(member, unique);
			}
		}
		return ids;
	}

	private static String base(ImportedMember member) {
		String base = (member.name != null) ? member.name : (member.route != null && MemberIds.isValid(member.route)
				&& Character.isLetter(member.route.charAt(0))) ? member.route : host(member.url);
		String id = base.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
		return id.isEmpty() ? "member" : cut(id);
	}

	private static String cut(String id) {
		return (id.length() > BASE_LENGTH) ? id.substring(0, BASE_LENGTH) : id;
	}

	private static String host(String url) {
		try {
			String host = URI.create(url).getHost();
			return (host != null) ? host : "member";
		}
		catch (IllegalArgumentException ex) {
			return "member";
		}
	}

}
