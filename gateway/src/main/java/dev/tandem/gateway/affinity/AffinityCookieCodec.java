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

import dev.tandem.gateway.member.MembershipChange;
import dev.tandem.gateway.member.MembershipListener;

/**
 * Turns a member id into the opaque value of the gateway's affinity cookie and back. A
 * token is the base64url text of a truncated HMAC-SHA256 of the member id, so it reveals
 * neither the id nor the member's address and cannot be edited into another member's
 * token. Decoding compares the value with every member's token in constant time; anything
 * that is not exactly one of them (forged, stale, garbage, oversized) decodes to empty,
 * never to an exception. The key is fixed at start-up; the tokens follow the member
 * model, so a member added later gets a token and a removed one's token stops decoding.
 */
final class AffinityCookieCodec implements MembershipListener {

	/** 128 bits of the MAC: far beyond guessing, and a short cookie. */
	static final int TOKEN_BYTES = 16;

	/** Length of a token: 16 bytes in base64url without padding. */
	static final int TOKEN_LENGTH = 22;

	private final byte[] key;

	private volatile Tokens tokens;

	/**
	 * Create a codec for the given members.
	 * @param memberIds every configured member id
	 * @param key the key from {@link AffinityKey}
	 */
	AffinityCookieCodec(Collection<String> memberIds, byte[] key) {
		this.key = key.clone();
		this.tokens = Tokens.of(memberIds, hmac(this.key));
	}

	@Override
	public void membershipChanged(MembershipChange change) {
		this.tokens = Tokens.of(change.after().ids(), hmac(this.key));
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
		return Optional.ofNullable((memberId != null) ? this.tokens.tokenById.get(memberId) : null);
	}

	/**
	 * The member a token names.
	 * @param token the cookie value as received, may be {@code null}
	 * @return the member id, empty unless the value is exactly the token of one of the
	 * configured members
	 */
	Optional<String> decode(String token) {
		if (token == null || token.length() != TOKEN_LENGTH) {
			return Optional.empty();
		}
		byte[] candidate = token.getBytes(StandardCharsets.UTF_8);
		Tokens current = this.tokens;
		String match = null;
		// No early exit: the time taken must not tell which member's token is closest.
		for (int i = 0; i < current.tokens.size(); i++) {
			if (MessageDigest.isEqual(candidate, current.tokens.get(i))) {
				match = current.ids.get(i);
			}
		}
		return Optional.ofNullable(match);
	}

	/** Every member's token, for one membership; swapped whole when it changes. */
	private record Tokens(Map<String, String> tokenById, List<String> ids, List<byte[]> tokens) {

		static Tokens of(Collection<String> memberIds, Mac mac) {
			Map<String, String> tokenById = new LinkedHashMap<>();
			for (String id : memberIds) {
				byte[] digest = mac.doFinal(id.getBytes(StandardCharsets.UTF_8));
				tokenById.put(id,
						Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, TOKEN_BYTES)));
			}
			List<String> ids = List.copyOf(tokenById.keySet());
			return new Tokens(Map.copyOf(tokenById), ids,
					ids.stream().map((id) -> tokenById.get(id).getBytes(StandardCharsets.US_ASCII)).toList());
		}

	}

}
