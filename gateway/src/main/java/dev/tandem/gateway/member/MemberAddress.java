package dev.tandem.gateway.member;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * The one rule for a member's base address: absolute {@code http} or {@code https}, with
 * a host, and nothing after the port. A path, query or user info would be silently
 * dropped when the balancer builds the request URL from host and port, so an address with
 * any of them is refused.
 */
public final class MemberAddress {

	private MemberAddress() {
	}

	/**
	 * The address a text names, if it is a valid base address.
	 * @param text the address as configured or sent
	 * @return the address, empty when it is not a plain http(s) base address
	 */
	public static Optional<URI> parse(String text) {
		if (text == null) {
			return Optional.empty();
		}
		URI uri;
		try {
			uri = new URI(text.trim());
		}
		catch (URISyntaxException ex) {
			return Optional.empty();
		}
		return isPlainHttpBase(uri) ? Optional.of(uri) : Optional.empty();
	}

	static boolean isPlainHttpBase(URI uri) {
		String scheme = uri.getScheme();
		String path = uri.getRawPath();
		return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null
				&& uri.getRawUserInfo() == null && (path == null || path.isEmpty() || "/".equals(path))
				&& uri.getRawQuery() == null && uri.getRawFragment() == null;
	}

}
