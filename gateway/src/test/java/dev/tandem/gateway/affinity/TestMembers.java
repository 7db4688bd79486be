package dev.tandem.gateway.affinity;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import dev.tandem.gateway.member.AdminState;
import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.Members;
import dev.tandem.gateway.member.Membership;

/**
 * Live members for the affinity unit tests, each on its own made-up address.
 */
final class TestMembers {

	private TestMembers() {
	}

	/** Members whose routes are their ids. */
	static Members of(List<String> ids) {
		return new Members(Membership.of(ids.stream().map((id) -> member(id, id)).toList()));
	}

	/**
	 * Members given as id and route pairs: {@code "was1", "tomcat1", "was2", "tomcat2"}.
	 */
	static Members withRoutes(String... idsAndRoutes) {
		List<Member> members = new ArrayList<>();
		for (int i = 0; i + 1 < idsAndRoutes.length; i += 2) {
			members.add(member(idsAndRoutes[i], idsAndRoutes[i + 1]));
		}
		return new Members(Membership.of(members));
	}

	/**
	 * Members given as id, route and group triples: {@code "shop1", "tomcat1", "shop"}.
	 */
	static Members inGroups(String... idsRoutesAndGroups) {
		List<Member> members = new ArrayList<>();
		for (int i = 0; i + 2 < idsRoutesAndGroups.length; i += 3) {
			members.add(new Member(idsRoutesAndGroups[i], URI.create("http://" + idsRoutesAndGroups[i] + ".local:8080"),
					1, 0, AdminState.ACTIVE, idsRoutesAndGroups[i + 1], idsRoutesAndGroups[i + 2]));
		}
		return new Members(Membership.of(members));
	}

	private static Member member(String id, String route) {
		return new Member(id, URI.create("http://" + id + ".local:8080"), 1, 0, AdminState.ACTIVE, route);
	}

}
