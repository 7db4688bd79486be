package dev.tandem.session;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The restart endpoint's settings under {@code tandem.node.restart}. Without a token the
 * endpoint does not exist, so a node is never restartable by default; a token too short
 * to resist guessing stops start-up with a sentence that names the property (never the
 * token).
 *
 * @param token Shared secret that a POST to /tandem/restart must send as its bearer token
 * (the Authorization header) to make the node stop gracefully, so that its service
 * manager starts it again; at least 16 characters. Unset or empty, the endpoint does not
 * exist.
 */
@ConfigurationProperties(RestartProperties.PREFIX)
record RestartProperties(String token) {

	static final String PREFIX = "tandem.node.restart";

	static final int MIN_TOKEN_LENGTH = 16;

	public RestartProperties {
		// A blank value (an empty environment variable) means "not set", as elsewhere.
		token = (token == null || token.isBlank()) ? null : token.trim();
		if (token != null && token.length() < MIN_TOKEN_LENGTH) {
			throw new IllegalArgumentException(PREFIX + ".token must be at least " + MIN_TOKEN_LENGTH
					+ " characters long, but has " + token.length() + ".");
		}
	}

}
