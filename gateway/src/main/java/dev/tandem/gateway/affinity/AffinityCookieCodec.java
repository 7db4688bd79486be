package dev.tandem.gateway.affinity;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a member id into the opaque value of the gateway's affinity cookie and back. A
 * token is the base64url text of a truncated HMAC-SHA256 of the member id, so it reveals
 * neither the id nor the member's address and cannot be edited into another member's
 * token. Decoding compares the value with every member's token in constant time; anything
 * that is not exactly one of them (forged, stale, garbage, oversized) decodes to empty,
 * never to an exception.
 */
final class AffinityCookieCodec {

	/** 128 bits of the MAC: far beyond guessing, and a short cookie. */
	static final int TOKEN_BYTES = 16;

	/** Length of a token: 16 bytes in base64url without padding. */
	static final int TOKEN_LENGTH = 22;

	private final Map<String, String> tokenById;

	private final List<String> ids;

	private final List<byte[]> tokens;

	/**
	 * Create a codec for the given members.
	 * @param memberIds every configured member id
	 * @param key the key from {@link AffinityKey}
	 */
	AffinityCookieCodec(Collection<String> memberIds, byte[] key) {
		Mac mac = hmac(key);
		Map<String, String> tokenById = new LinkedHashMap<>();
		for (String id : memberIds) {
			byte[] digest = mac.doFinal(id.getBytes(StandardCharsets.UTF_8));
			tokenById.put(id,
					Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, TOKEN_BYTES)));
		}
		this.tokenById = Map.copyOf(tokenById);
		this.ids = List.copyOf(tokenById.keySet());
		this.tokens = this.ids.stream().map((id) -> tokenById.get(id).getBytes(StandardCharsets.US_ASCII)).toList();
	}

	private static Mac hmac(byte[] key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac;
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("Every Java runtime provides HmacSHA256 for any non-empty key", ex);
		}
	}

	/**
	 * The token for a member.
	 * @param memberId the member id
	 * @return its token, empty when the id is not a configured member
	 */
	Optional<String> encode(String memberId) {
		return Optional.ofNullable((memberId != null) ? this.tokenById.get(memberId) : null);
	}

	/**
	 * The member a token names.
	 * @param token the cookie value as received, may be {@code null}
	 * @return the member id, empty unless the value is exactly a configured member's
	 * token
	 */
	Optional<String> decode(String token) {
		if (token == null || token.length() != TOKEN_LENGTH) {
			return Optional.empty();
		}
		byte[] candidate = token.getBytes(StandardCharsets.UTF_8);
		String match = null;
		// No early exit: the time taken must not tell which member's token is closest.
		for (int i = 0; i < this.tokens.size(); i++) {
			if (MessageDigest.isEqual(candidate, this.tokens.get(i))) {
				match = this.ids.get(i);
			}
		}
		return Optional.ofNullable(match);
	}

}
