package dev.tandem.session.safewrite;

/**
 * A session write that the cluster could not confirm even after it was tried again: the
 * request that made it must not be reported as a success.
 */
public class UnconfirmedSessionWriteException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int attempts;

	/**
	 * Create the exception.
	 * @param attempts how many times the write was tried
	 * @param cause the last attempt's failure
	 */
	public UnconfirmedSessionWriteException(int attempts, Throwable cause) {
		super("The session write was not confirmed by the cluster after " + attempts + " attempt"
				+ ((attempts != 1) ? "s" : "") + ": " + describe(cause), cause);
		this.attempts = attempts;
	}

	private UnconfirmedSessionWriteException(String message) {
		super(message);
		this.attempts = 0;
	}

	/**
	 * A write not tried at all: its request began using the session so long ago that the
	 * client may have moved on and written something newer.
	 * @param late how long ago the request began using the session
	 * @return the exception
	 */
	public static UnconfirmedSessionWriteException tooLate(java.time.Duration late) {
		return new UnconfirmedSessionWriteException("The session write was not tried: its request began using the "
				+ "session " + late.toMillis() + " ms ago, so the client may have written something newer since");
	}

	/**
	 * A write not tried: this node merged into another cluster after its request read the
	 * session, so what the request read may be a copy the merge replaced.
	 * @return the exception
	 */
	public static UnconfirmedSessionWriteException readBeforeMerge() {
		return new UnconfirmedSessionWriteException("The session write was not tried: this node merged into the "
				+ "rest of the session cluster after the request read the session, so it may have read an older copy");
	}

	/**
	 * How many times the write was tried.
	 * @return the attempts, 0 for a write too late to be tried
	 */
	public int attempts() {
		return this.attempts;
	}

	private static String describe(Throwable cause) {
		// Class names only: Hazelcast's messages are long, and a message naming the entry
		// would name the session id, a secret.
		StringBuilder chain = new StringBuilder();
		for (Throwable each = cause; each != null
				&& chain.length() < 300; each = (each.getCause() != each) ? each.getCause() : null) {
			chain.append((chain.length() > 0) ? " caused by " : "").append(each.getClass().getSimpleName());
		}
		return (chain.length() > 0) ? chain.toString() : "no cause";
	}

}
