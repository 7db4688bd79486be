package dev.tandem.gateway.proxy;

import java.util.List;

import dev.tandem.gateway.member.Member;
import dev.tandem.gateway.member.Members;
import dev.tandem.gateway.member.Membership;

/**
 * Tells whether a URL's scheme, host and port, or a cookie's domain, are those of a
 * member, any member of the current {@link Members} snapshot. What it derives from a
 * snapshot is kept until the snapshot changes, so a member added at run time counts from
 * its first answer on, and a look-up allocates nothing.
 */
final class MemberOrigins {

	private final Members members;

	private volatile Derived derived;

	MemberOrigins(Members members) {
		this.members = members;
	}

	/**
	 * Whether the text names a member's origin.
	 * @param https whether the scheme is {@code https}
	 * @param text the text holding the host
	 * @param hostStart index of the host's first character (with {@code [} for IPv6)
	 * @param hostEnd index just after the host
	 * @param port the port, the scheme's default when none was written
	 * @return whether some member has exactly this scheme, host and port
	 */
	boolean isMember(boolean https, String text, int hostStart, int hostEnd, int port) {
		for (Origin origin : current().origins) {
			if (origin.https == https && origin.port == port && sameHost(origin.host, text, hostStart, hostEnd)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the text names a member's host, whatever the scheme and port.
	 * @param text the text holding the host
	 * @param hostStart index of the host's first character
	 * @param hostEnd index just after the host
	 * @return whether some member has this host
	 */
	boolean isMemberHost(String text, int hostStart, int hostEnd) {
		for (Origin origin : current().origins) {
			if (sameHost(origin.host, text, hostStart, hostEnd)) {
				return true;
			}
		}
		return false;
	}

	private static boolean sameHost(String host, String text, int start, int end) {
		return host.length() == end - start && host.regionMatches(true, 0, text, start, end - start);
	}

	private Derived current() {
		Membership membership = this.members.current();
		Derived known = this.derived;
		if (known == null || known.membership != membership) {
			known = new Derived(membership, membership.members().stream().map((member) -> Origin.of(member)).toList());
			this.derived = known;
		}
		return known;
	}

	private record Derived(Membership membership, List<Origin> origins) {
	}

	private record Origin(boolean https, String host, int port) {

		static Origin of(Member member) {
			return new Origin(member.secure(), member.host(), member.port());
		}

	}

}
