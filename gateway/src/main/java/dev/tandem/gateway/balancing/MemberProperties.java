package dev.tandem.gateway.balancing;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tandem.shared.MemberIds;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The members the gateway balances across, bound from {@code tandem.gateway.members[i]}.
 * Start-up fails with one sentence naming the offending property when the list is empty
 * or a member is invalid, so a bad configuration never reaches the balancer.
 *
 * @param members Members (was-nodes) behind the gateway, in order; each has an id, a uri,
 * a weight (default 1) and a tier (default 0).
 */
@ConfigurationProperties(MemberProperties.PREFIX)
public record MemberProperties(List<Member> members) {

	static final String PREFIX = "tandem.gateway";

	public MemberProperties {
		if (members == null || members.isEmpty()) {
			throw new IllegalArgumentException(PREFIX + ".members must list at least one member, for example " + PREFIX
					+ ".members[0].id=was1 and " + PREFIX + ".members[0].uri=http://127.0.0.1:8081.");
		}
		Map<String, Integer> indexById = new HashMap<>();
		for (int i = 0; i < members.size(); i++) {
			String property = PREFIX + ".members[" + i + "]";
			Member member = members.get(i);
			member.check(property);
			Integer first = indexById.putIfAbsent(member.id(), i);
			if (first != null) {
				throw new IllegalArgumentException(property + ".id '" + member.id() + "' is already used by " + PREFIX
						+ ".members[" + first + "].id; member ids must be unique.");
			}
		}
		members = List.copyOf(members);
	}

	/**
	 * One was-node behind the gateway.
	 *
	 * @param id Member id: shown on the dashboard and carried in the affinity cookie.
	 * @param uri Base address of the member, http://host:port or https://host:port.
	 * @param weight Relative share of new clients among the members of its tier.
	 * @param tier 0 for active members; 1, 2, ... for standby tiers, used only when every
	 * lower tier has no usable member.
	 */
	public record Member(String id, String uri, @DefaultValue("1") int weight, @DefaultValue("0") int tier) {

		/**
		 * Check this member, naming its properties under the given prefix in the error.
		 * Kept out of the compact constructor because only the list knows the index.
		 */
		void check(String property) {
			if (this.id == null || this.id.isBlank()) {
				throw new IllegalArgumentException(property + ".id is required, for example was1.");
			}
			MemberIds.requireValid(this.id, property + ".id");
			if (this.uri == null || this.uri.isBlank()) {
				throw new IllegalArgumentException(property + ".uri is required, for example http://127.0.0.1:8081.");
			}
			if (!isPlainHttpBase(this.uri.trim())) {
				throw new IllegalArgumentException(property + ".uri must be an absolute http:// or https:// address "
						+ "with a host and nothing after the port, such as http://192.168.1.21:8080, but was '"
						+ this.uri + "'.");
			}
			if (this.weight < 0) {
				throw new IllegalArgumentException(
						property + ".weight must be 0 or more, but was " + this.weight + ".");
			}
			if (this.tier < 0) {
				throw new IllegalArgumentException(property + ".tier must be 0 or more, but was " + this.tier + ".");
			}
		}

		// Bound as text so that even an unparsable value gets this sentence rather than
		// a conversion error. A path, query or user info would be silently dropped when
		// the balancer builds the request URL from host and port, so they are refused.
		private static boolean isPlainHttpBase(String value) {
			URI uri;
			try {
				uri = new URI(value);
			}
			catch (URISyntaxException ex) {
				return false;
			}
			String scheme = uri.getScheme();
			String path = uri.getRawPath();
			return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null
					&& uri.getRawUserInfo() == null && (path == null || path.isEmpty() || "/".equals(path))
					&& uri.getRawQuery() == null && uri.getRawFragment() == null;
		}

		/**
		 * The member's base address as a URI.
		 * @return the parsed {@link #uri()}
		 */
		public URI baseUri() {
			return URI.create(this.uri.trim());
		}

		boolean secure() {
			return "https".equalsIgnoreCase(baseUri().getScheme());
		}

		int port() {
			int port = baseUri().getPort();
			if (port >= 0) {
				return port;
			}
			return secure() ? 443 : 80;
		}

	}

}
