package dev.tandem.gateway.balancing.core;

/**
 * How one attempt at a member ended, as passive ejection sees it: every outcome but
 * {@link #SUCCESS} counts as a consecutive failure, and a {@link #SUCCESS} resets the
 * count.
 */
public enum Outcome {

	/** The member answered (with a status that is not an ejection status). */
	SUCCESS,

	/** The request was never sent: connection refused or connect timeout. */
	CONNECT_FAILURE,

	/** The request was sent, then the connection was reset or the response timed out. */
	FAILURE,

	/** The member answered with a status configured to count as a failure (e.g. 503). */
	FAILED_STATUS;

	boolean failed() {
		return this != SUCCESS;
	}

	String describe() {
		return switch (this) {
			case SUCCESS -> "success";
			case CONNECT_FAILURE -> "connect failure";
			case FAILURE -> "failure after sending";
			case FAILED_STATUS -> "failed status";
		};
	}

}
