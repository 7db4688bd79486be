package dev.tandem.gateway.member;

import java.util.Locale;

/**
 * How one configured member is checked by the gateway's active health checks: an HTTP
 * {@code GET} of a path that must answer with an expected status, or a plain TCP connect
 * for a member that serves no health page of its own.
 *
 * @param type {@link Type#HTTP} or {@link Type#TCP}
 * @param path the path an HTTP check probes, {@code null} for the gateway's global health
 * path (and always for a TCP check)
 * @param expectedStatus the statuses that pass an HTTP check
 */
public record HealthCheck(Type type, String path, ExpectedStatus expectedStatus) {

	/** An HTTP check of the global health path expecting a 2xx. */
	public static final HealthCheck DEFAULT = new HealthCheck(Type.HTTP, null, ExpectedStatus.SUCCESSFUL);

	public HealthCheck {
		if (type == null || expectedStatus == null) {
			throw new IllegalArgumentException("A health check needs a type and the statuses it expects.");
		}
		if (path != null && (type == Type.TCP || !path.startsWith("/"))) {
			throw new IllegalArgumentException("A health check's path must start with '/' and only an HTTP check has "
					+ "one, but a " + type + " check had '" + path + "'.");
		}
	}

	/**
	 * The kinds of health check.
	 */
	public enum Type {

		/** {@code GET <uri><path>} must answer with one of the expected statuses. */
		HTTP,

		/**
		 * Opening a TCP connection to the member's host and port within the timeout
		 * passes.
		 */
		TCP;

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
