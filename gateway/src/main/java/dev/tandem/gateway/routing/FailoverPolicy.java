package dev.tandem.gateway.routing;

import java.util.Set;

import dev.tandem.gateway.balancing.AttemptFailure;

import org.springframework.http.HttpMethod;

/**
 * Decides whether a failed attempt is followed by another one on a different member. A
 * request that never reached a member may go again whatever its method; one that may have
 * reached it only when its method is listed as idempotent; either way only when its whole
 * body can be sent again, and never beyond the attempt limit.
 *
 * @param methods the methods replayed after a member may have seen the request
 * @param maxAttempts attempts per request including the first, at least 1
 */
record FailoverPolicy(Set<HttpMethod> methods, int maxAttempts) {

	FailoverPolicy {
		methods = Set.copyOf(methods);
	}

	/**
	 * The policy for the given properties, with the attempts capped at the number of
	 * members, since no member is tried twice for one request.
	 * @param properties the failover properties
	 * @param memberCount the number of configured members
	 * @return the policy
	 */
	static FailoverPolicy of(RetryProperties properties, int memberCount) {
		return new FailoverPolicy(properties.methods(), Math.max(1, Math.min(properties.maxAttempts(), memberCount)));
	}

	/**
	 * Judge a failed attempt.
	 * @param failure what the failure says about whether the member saw the request
	 * @param method the request's method
	 * @param bodyReplayable whether the whole body can be sent again
	 * @param attemptsMade attempts made so far, including the failed one
	 * @return whether to try another member, and if not, why
	 */
	Verdict judge(AttemptFailure failure, HttpMethod method, boolean bodyReplayable, int attemptsMade) {
		if (failure == AttemptFailure.NOT_A_MEMBER_FAILURE) {
			return Verdict.NOT_A_MEMBER_FAILURE;
		}
		if (attemptsMade >= this.maxAttempts) {
			return Verdict.ATTEMPTS_EXHAUSTED;
		}
		if (!bodyReplayable) {
			return Verdict.BODY_NOT_REPLAYABLE;
		}
		if (failure == AttemptFailure.SENT && !this.methods.contains(method)) {
			return Verdict.NOT_IDEMPOTENT;
		}
		return Verdict.TRY_ANOTHER_MEMBER;
	}

	/** The outcome of judging one failed attempt. */
	enum Verdict {

		/** Send the request to another member. */
		TRY_ANOTHER_MEMBER("retried"),

		/** The error did not come from a member, so another member would not help. */
		NOT_A_MEMBER_FAILURE("not a member failure"),

		/** Every allowed attempt was made. */
		ATTEMPTS_EXHAUSTED("no attempts left"),

		/** The body was streamed and partly read, so it cannot be sent again. */
		BODY_NOT_REPLAYABLE("streamed body already read"),

		/** The member may have acted on a request that must not run twice. */
		NOT_IDEMPOTENT("method not replayed once sent");

		private final String reason;

		Verdict(String reason) {
			this.reason = reason;
		}

		String reason() {
			return this.reason;
		}

	}

}
