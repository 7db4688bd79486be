package dev.tandem.gateway.admin;

/**
 * Who asked for a change, for the audit log.
 *
 * @param user the logged-in user, or {@code tandem} for changes the gateway makes itself
 * (an expiry, a rolling restart step)
 * @param address the client's address, or {@code -} for the gateway itself
 */
public record Actor(String user, String address) {

	/** The gateway itself. */
	public static final Actor GATEWAY = new Actor("tandem", "-");

}
