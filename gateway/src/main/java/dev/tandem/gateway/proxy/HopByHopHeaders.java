package dev.tandem.gateway.proxy;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.http.HttpHeaders;

/**
 * The headers that concern one connection only and never pass a proxy: those RFC 9110
 * section 7.6.1 names, the ones Spring Cloud Gateway drops besides ({@code
 * Proxy-Authorization}, {@code Proxy-Authenticate}, {@code X-Application-Context}), and
 * any header the message's own {@code Connection} names. Names are compared without
 * regard to case and without allocating.
 */
final class HopByHopHeaders {

	private static final Set<String> ALWAYS = caseInsensitive("Connection", "Keep-Alive", "Transfer-Encoding", "TE",
			"Trailer", "Proxy-Authorization", "Proxy-Authenticate", "X-Application-Context", "Upgrade");

	private HopByHopHeaders() {
	}

	/**
	 * The headers a message's {@code Connection} names as hop-by-hop.
	 * @param headers the message's headers
	 * @return their names, empty when it has no {@code Connection}
	 */
	static List<String> namedByConnection(HttpHeaders headers) {
		// Parsed only when present: most requests and answers carry no Connection.
		return headers.containsKey(HttpHeaders.CONNECTION) ? headers.getConnection() : List.of();
	}

	/**
	 * Whether the message carries any header a proxy must drop.
	 * @param headers the message's headers
	 * @return {@code true} if one of them is hop-by-hop
	 */
	static boolean anyIn(HttpHeaders headers) {
		for (String name : headers.keySet()) {
			if (ALWAYS.contains(name)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a header stays on its connection.
	 * @param name the header's name, in any case
	 * @param namedByConnection what the message's {@code Connection} names
	 * @return {@code true} if a proxy must not pass it on
	 */
	static boolean contains(String name, List<String> namedByConnection) {
		if (ALWAYS.contains(name)) {
			return true;
		}
		for (String named : namedByConnection) {
			if (named.equalsIgnoreCase(name)) {
				return true;
			}
		}
		return false;
	}

	private static Set<String> caseInsensitive(String... names) {
		Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		set.addAll(List.of(names));
		return set;
	}

}
