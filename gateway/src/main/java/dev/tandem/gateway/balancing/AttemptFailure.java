package dev.tandem.gateway.balancing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLHandshakeException;

import reactor.netty.channel.AbortedException;

/**
 * What a failed attempt to proxy a request to a member means for sending it again. The
 * error and its causes are searched, because Spring Cloud Gateway wraps some of them: its
 * response timeout arrives as a 504 {@code ResponseStatusException} caused by its own
 * {@code org.springframework.cloud.gateway.support.TimeoutException}, which is not a
 * {@code java.util.concurrent.TimeoutException}.
 */
public enum AttemptFailure {

	/**
	 * No connection to the member could be established, so no byte of the request left
	 * the gateway: connect refused or timed out, no route or no address for the host, TLS
	 * handshake failed, or no pooled connection could be acquired.
	 */
	NEVER_SENT,

	/**
	 * The request may have reached the member: the connection was reset or closed before
	 * the answer, or the answer took longer than the response timeout.
	 */
	SENT,

	/**
	 * Not a failure of a member, such as no member to choose from or a fault in the
	 * gateway itself: never retried, and reported as it is.
	 */
	NOT_A_MEMBER_FAILURE;

	/**
	 * Reactor Netty's pool exceptions live in a shaded, internal package, so they are
	 * recognised by name rather than by a type that could move in any release.
	 */
	private static final Set<String> POOL_ACQUIRE_FAILURES = Set.of("PoolAcquireTimeoutException",
			"PoolAcquirePendingLimitException");

	/** Causes are searched this deep at most, so a cyclic chain cannot loop. */
	private static final int MAX_CAUSE_DEPTH = 10;

	/**
	 * Classify the error that ended one attempt.
	 * @param error what the rest of the filter chain failed with
	 * @return what the error says about whether the member may have seen the request
	 */
	public static AttemptFailure classify(Throwable error) {
		boolean memberFailure = false;
		Throwable cause = error;
		for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++) {
			if (isConnectFailure(cause)) {
				return NEVER_SENT;
			}
			// Spring Cloud Gateway's TimeoutException (response timeout) shares its
			// simple name with the JDK's, hence the qualified name.
			memberFailure |= cause instanceof IOException || cause instanceof TimeoutException
					|| cause instanceof org.springframework.cloud.gateway.support.TimeoutException
					|| cause instanceof AbortedException;
			cause = (cause.getCause() != cause) ? cause.getCause() : null;
		}
		return memberFailure ? SENT : NOT_A_MEMBER_FAILURE;
	}

	private static boolean isConnectFailure(Throwable error) {
		// ConnectException covers Netty's AnnotatedConnectException (refused) and
		// ConnectTimeoutException (timed out).
		return error instanceof ConnectException || error instanceof NoRouteToHostException
				|| error instanceof UnknownHostException || error instanceof SSLHandshakeException
				|| POOL_ACQUIRE_FAILURES.contains(error.getClass().getSimpleName());
	}

}
