package dev.tandem.gateway.affinity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Optional;

/**
 * The key that affinity tokens are computed with: the configured secret when there is
 * one, else a key derived from the sorted member ids, so tokens survive a gateway restart
 * without any stored state. The derived key keeps tokens opaque and uneditable, but
 * anyone who knows the member ids can compute them, and adding or removing a member
 * changes every token (clients are re-pinned once); a secret avoids both.
 */
final class AffinityKey {

	// Versioned so that a later change of token scheme cannot collide with this one.
	private static final String DERIVATION_LABEL = "tandem-affinity-key-v1";

	private AffinityKey() {
	}

	/**
	 * The key for the given members.
	 * @param memberIds every configured member id
	 * @param secret the configured secret, if any
	 * @return the key bytes, never empty
	 */
	static byte[] of(Collection<String> memberIds, Optional<String> secret) {
		if (secret.isPresent()) {
			return secret.get().getBytes(StandardCharsets.UTF_8);
		}
		// Member ids cannot contain '\n', so the joined text names one set of ids only.
		String text = DERIVATION_LABEL + "\n" + String.join("\n", memberIds.stream().sorted().toList());
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime provides SHA-256", ex);
		}
	}

}
