package dev.tandem.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * A short, comparable name for one cluster view: the same set of member addresses gives
 * the same id on every node, whatever the order, and the two sides of a split always get
 * different ids. The gateway, the cluster's witness, groups nodes by it; it is sent in
 * the readiness details and, after every request, in the {@code X-Tandem-View} header.
 */
final class ClusterViewId {

	/**
	 * 16 hex digits: collisions between the few views of a small cluster are not a risk.
	 */
	private static final int BYTES = 8;

	private ClusterViewId() {
	}

	/**
	 * The id of a view.
	 * @param addresses every member's {@code host:port}, in any order
	 * @return 16 hex digits, or {@code "none"} for an empty view
	 */
	static String of(Collection<String> addresses) {
		if (addresses.isEmpty()) {
			return "none";
		}
		List<String> sorted = addresses.stream().sorted().toList();
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] hash = digest.digest(String.join(",", sorted).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, BYTES);
		}
		catch (NoSuchAlgorithmException ex) {
			// Every Java platform has SHA-256.
			throw new IllegalStateException(ex);
		}
	}

}
