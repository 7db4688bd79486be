package dev.tandem.session;

import java.util.List;
import java.util.regex.Pattern;

import dev.tandem.shared.MemberIds;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * The node's settings under {@code tandem.node}: who it is and how its session cluster is
 * formed. Every value is checked when it is bound, so a bad one stops start-up with a
 * sentence that names the property; a missing id falls back to the host name.
 *
 * @param id Node id; equals the gateway's member id for this node. Defaults to the host
 * name when unset.
 * @param cluster How this node's Hazelcast member finds and joins its peers.
 */
@ConfigurationProperties(NodeProperties.PREFIX)
public record NodeProperties(String id, @DefaultValue Cluster cluster) {

	static final String PREFIX = "tandem.node";

	public NodeProperties {
		id = (id != null) ? MemberIds.requireValid(id.trim(), PREFIX + ".id") : HostNameId.of(PREFIX + ".id");
	}

	/**
	 * How the embedded Hazelcast member forms the session cluster. The member list is
	 * used for TCP/IP join unless {@code multicast} is on; an entry without a port uses
	 * {@code port}.
	 *
	 * @param name Hazelcast cluster name; members with another name never join.
	 * @param members Comma-separated host[:port] of the members to join over TCP/IP;
	 * listing this node too lets every node share one value.
	 * @param port Hazelcast member port; never incremented when taken.
	 * @param bindInterface Address or pattern (10.0.0.*, 10.0.0.1-9) to bind the member
	 * to; with a pattern, members named by host name must resolve inside it. Unset: the
	 * local address that routes to the first member resolving to a non-loopback address
	 * (loopback only when all do; with multicast, or when none resolves to a routable
	 * address, Hazelcast picks one).
	 * @param multicast Whether to join by multicast on 228.0.0.4:45564 instead of the
	 * member list.
	 * @param backupCount Synchronous backups of every session on other members: 1
	 * survives any one node's crash; 2 on three nodes survives two at once (the seed's
	 * "kill both actives").
	 * @param minSize Smallest number of members that may read and write sessions; a side
	 * of a network split with fewer refuses them and reports not-ready. 0 turns it off.
	 * @param failUnconfirmedWrites Whether a session write whose backup does not confirm
	 * it is tried again and, still unconfirmed, fails (503) instead of succeeding on the
	 * primary alone. Off, such a write succeeds and is lost if the primary's node dies
	 * before the backup is rebuilt.
	 * @param serialization The application's own classes that sessions may carry.
	 */
	public record Cluster(@DefaultValue("tandem") String name, @DefaultValue("127.0.0.1") List<String> members,
			@DefaultValue("5701") int port, @Name("interface") String bindInterface, boolean multicast,
			@DefaultValue("1") int backupCount, int minSize, @DefaultValue("true") boolean failUnconfirmedWrites,
			@DefaultValue Serialization serialization) {

		private static final Pattern IPV4_PATTERN = Pattern
			.compile("(?:(?:\\d{1,3}|\\*|\\d{1,3}-\\d{1,3})\\.){3}(?:\\d{1,3}|\\*|\\d{1,3}-\\d{1,3})");

		private static final Pattern IPV6_PATTERN = Pattern.compile("[0-9A-Fa-f:.*\\-]*:[0-9A-Fa-f:.*\\-]*");

		public Cluster {
			if (name == null || name.isBlank()) {
				throw new IllegalArgumentException(PREFIX + ".cluster.name must not be blank.");
			}
			name = name.trim();
			members = checkMembers(members);
			if (port < 1 || port > 65535) {
				throw new IllegalArgumentException(
						PREFIX + ".cluster.port must be between 1 and 65535, but was " + port + ".");
			}
			// Hazelcast's own limit on backups.
			if (backupCount < 0 || backupCount > 6) {
				throw new IllegalArgumentException(
						PREFIX + ".cluster.backup-count must be between 0 and 6, but was " + backupCount + ".");
			}
			// One member is always "at least one": only 0 (off) or a real quorum
			// makes sense.
			if (minSize < 0 || minSize == 1) {
				throw new IllegalArgumentException(
						PREFIX + ".cluster.min-size must be 0 (off) or at least 2, but was " + minSize + ".");
			}
			// A blank value (an empty environment variable) means "not set", so env files
			// can leave the line in place.
			bindInterface = (bindInterface == null || bindInterface.isBlank()) ? null
					: checkInterface(bindInterface.trim());
			serialization = (serialization != null) ? serialization : Serialization.NONE;
		}

		/**
		 * The same settings bound to another interface.
		 * @param address the interface address or pattern
		 * @return a copy with that interface
		 */
		public Cluster withInterface(String address) {
			return new Cluster(this.name, this.members, this.port, address, this.multicast, this.backupCount,
					this.minSize, this.failUnconfirmedWrites, this.serialization);
		}

		private static List<String> checkMembers(List<String> members) {
			if (members == null || members.isEmpty()) {
				throw new IllegalArgumentException(PREFIX + ".cluster.members must list at least one host[:port].");
			}
			List<String> trimmed = members.stream().map((member) -> (member != null) ? member.trim() : "").toList();
			if (trimmed.contains("")) {
				throw new IllegalArgumentException(PREFIX
						+ ".cluster.members must be comma-separated host[:port] entries with no empty entry, but was '"
						+ String.join(",", members) + "'.");
			}
			trimmed.forEach(Cluster::checkMember);
			return trimmed;
		}

		private static void checkMember(String member) {
			String host = member;
			String port = null;
			if (member.startsWith("[")) {
				// IPv6 literal, [::1] or [::1]:5701
				int end = member.indexOf(']');
				host = (end > 1) ? member.substring(1, end) : "";
				String rest = (end > 0) ? member.substring(end + 1) : "";
				if (end < 0 || !(rest.isEmpty() || rest.startsWith(":"))) {
					throw badMember(member, "is not a valid [IPv6]:port");
				}
				port = rest.isEmpty() ? null : rest.substring(1);
			}
			else if (member.indexOf(':') != member.lastIndexOf(':')) {
				throw badMember(member, "is an IPv6 address without brackets; write it as [address]:port");
			}
			else if (member.contains(":")) {
				host = member.substring(0, member.indexOf(':'));
				port = member.substring(member.indexOf(':') + 1);
			}
			if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
				throw badMember(member, "has no valid host");
			}
			if (port != null && !isPort(port)) {
				throw badMember(member, "must have a port between 1 and 65535");
			}
		}

		private static boolean isPort(String value) {
			if (value.isEmpty() || value.length() > 5 || !value.chars().allMatch(Character::isDigit)) {
				return false;
			}
			int port = Integer.parseInt(value);
			return port >= 1 && port <= 65535;
		}

		private static IllegalArgumentException badMember(String member, String problem) {
			return new IllegalArgumentException(PREFIX + ".cluster.members entry '" + member + "' " + problem + ".");
		}

		private static String checkInterface(String value) {
			if (!IPV4_PATTERN.matcher(value).matches() && !IPV6_PATTERN.matcher(value).matches()) {
				throw new IllegalArgumentException(PREFIX + ".cluster.interface must be an IP address or a pattern "
						+ "such as 10.0.0.* or 10.0.0.1-9 (not a host or device name), but was '" + value + "'.");
			}
			return value;
		}

	}

	/**
	 * The application's own classes that a member agrees to rebuild from Java
	 * serialization, on top of the built-in allow-list (the JDK basics, Hazelcast,
	 * Tandem, Spring Session and the Spring Security login classes). Anything else in a
	 * session fails to deserialize on the member that reads it.
	 *
	 * @param allowedPackages Comma-separated packages whose classes, sub-packages
	 * included, sessions may carry, such as com.example.shop.
	 * @param allowedClasses Comma-separated fully qualified names of single classes
	 * sessions may carry, such as com.example.shop.Cart (nested classes with $).
	 */
	public record Serialization(@DefaultValue List<String> allowedPackages, @DefaultValue List<String> allowedClasses) {

		/** Nothing beyond the built-in allow-list. */
		public static final Serialization NONE = new Serialization(List.of(), List.of());

		private static final Pattern QUALIFIED_NAME = Pattern
			.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(?:\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");

		public Serialization {
			allowedPackages = check(allowedPackages, PREFIX + ".cluster.serialization.allowed-packages",
					"a Java package name such as com.example.shop");
			allowedClasses = check(allowedClasses, PREFIX + ".cluster.serialization.allowed-classes",
					"a fully qualified class name such as com.example.shop.Cart");
		}

		private static List<String> check(List<String> names, String property, String expected) {
			if (names == null) {
				return List.of();
			}
			List<String> trimmed = names.stream().map((name) -> (name != null) ? name.trim() : "").toList();
			for (String name : trimmed) {
				if (!QUALIFIED_NAME.matcher(name).matches()) {
					throw new IllegalArgumentException(
							property + " entry '" + name + "' must be " + expected + " (no wildcards).");
				}
			}
			return trimmed;
		}

	}

}
