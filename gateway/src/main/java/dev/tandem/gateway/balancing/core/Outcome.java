package dev.tandem.gateway.balancing.core;

/**
 * How one attempt at a member ended, as passive ejection sees it: a connect failure, a
 * failure after sending and a failed status count as consecutive failures, a
 * {@link #SUCCESS} resets the count, and {@link #ABANDONED} changes nothing.
 */
public enum Outcome {

	/** The member answered (with a status that is not an ejection status). */
	SUCCESS,

	/** The request was never sent: connection refused or connect timeout. */
	CONNECT_FAILURE,

	/** The request was sent, then the connection was reset or the response timed out. */
	FAILURE,

	/** The member answered with a status configured to count as a failure (e.g. 503). */
	FAILED_STATUS,

	/**
	 * The attempt ended without a verdict on the member: the client went away, or the
	 * gateway itself failed. It only releases the in-flight count.
	 */
	ABANDONED;

	boolean failed() {
		return this == CONNECT_FAILURE || this == FAILURE || this == FAILED_STATUS;
	}

	String describe() {
		return switch (this) {
			case SUCCESS -> "success";
			case CONNECT_FAILURE -> "connect failure";
			case FAILURE -> "failure after sending";
			case FAILED_STATUS -> "failed status";
			case ABANDONED -> "abandoned";
		};
	}

}
