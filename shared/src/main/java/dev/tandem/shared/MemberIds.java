package dev.tandem.shared;

import java.util.regex.Pattern;

/**
 * The rule for member ids, which the gateway uses as member names and routes and a
 * was-node uses as its node id. An id is 1 to 63 characters of letters, digits, '.', '-'
 * and '_', starting with a letter or digit, so it fits in a cookie value, a header and a
 * {@code .route} suffix without escaping.
 */
public final class MemberIds {

	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

	private MemberIds() {
	}

	/**
	 * Tell whether a value is a valid member id.
	 * @param id the candidate, may be {@code null}
	 * @return {@code true} when it follows the rule
	 */
	public static boolean isValid(String id) {
		return id != null && VALID.matcher(id).matches();
	}

	/**
	 * Check a configured member id.
	 * @param id the configured value
	 * @param property the property that holds it, named in the error
	 * @return the id
	 * @throws IllegalArgumentException with one sentence naming the property when the id
	 * is invalid
	 */
	public static String requireValid(String id, String property) {
		if (!isValid(id)) {
			throw new IllegalArgumentException(property + " must be 1 to 63 letters, digits, '.', '-' or '_' "
					+ "starting with a letter or digit, but was '" + id + "'.");
		}
		return id;
	}

}
