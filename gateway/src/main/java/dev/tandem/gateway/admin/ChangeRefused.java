package dev.tandem.gateway.admin;

/**
 * A change the management plane did not make, with the HTTP status that says why (400 bad
 * input, 404 unknown member, 409 conflicting state or stale version, 503 the change could
 * not be written) and one sentence for the operator. Nothing was changed.
 */
public final class ChangeRefused extends RuntimeException {

	private final int status;

	/**
	 * A refused change.
	 * @param status the HTTP status to answer with
	 * @param message one sentence naming the field or member
	 */
	public ChangeRefused(int status, String message) {
		super(message, null, false, false);
		this.status = status;
	}

	/**
	 * The HTTP status to answer with.
	 * @return 400, 404, 409 or 503
	 */
	public int status() {
		return this.status;
	}

	static ChangeRefused badInput(String message) {
		return new ChangeRefused(400, message);
	}

	static ChangeRefused unknownMember(String id) {
		return new ChangeRefused(404, "There is no member '" + id + "'.");
	}

	static ChangeRefused conflict(String message) {
		return new ChangeRefused(409, message);
	}

}
