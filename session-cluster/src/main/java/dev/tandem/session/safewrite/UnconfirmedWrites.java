package dev.tandem.session.safewrite;

import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.spi.exception.RetryableException;

/**
 * Tells a write that the cluster may not hold as it was asked (and may hold after all)
 * from any other failure.
 */
final class UnconfirmedWrites {

	private UnconfirmedWrites() {
	}

	/**
	 * Whether the failure says the write was not confirmed and trying it again can help:
	 * its backup did not acknowledge it, or the member holding its partition left or was
	 * not the owner any more. Anything else (the local member stopped, a split-brain
	 * protection refusal, a serialization error) is not retried.
	 * @param failure what the write threw
	 * @return true when the write may be tried again
	 */
	static boolean isUnconfirmed(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			// With hazelcast.operation.fail.on.indeterminate.state, a missing backup ack
			// and a primary that left mid-write both end here; MemberLeftException,
			// TargetNotMemberException and the like are Hazelcast's own retryable ones,
			// which it normally retries itself but lets through once its retries are
			// spent.
			if (cause instanceof IndeterminateOperationStateException || cause instanceof RetryableException) {
				return true;
			}
		}
		return false;
	}

}
