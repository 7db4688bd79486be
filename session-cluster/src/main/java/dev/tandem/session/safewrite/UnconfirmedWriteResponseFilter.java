package dev.tandem.session.safewrite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.hazelcast.core.IndeterminateOperationStateException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Turns a session write the cluster could not confirm into a {@code 503} with a
 * one-sentence body and one log line, instead of a stack trace or a success. It runs
 * ahead of Spring Session's filter, which is where the session of a request is saved.
 */
public final class UnconfirmedWriteResponseFilter extends HttpFilter {

	private static final long serialVersionUID = 1L;

	/** The body of the 503. */
	public static final String MESSAGE = "The session store could not confirm this request's changes, "
			+ "so they may or may not have been saved; please try again.\n";

	private static final byte[] BODY = MESSAGE.getBytes(StandardCharsets.UTF_8);

	private static final Log logger = LogFactory.getLog(UnconfirmedWriteResponseFilter.class);

	@Override
	protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | IOException | RuntimeException ex) {
			RuntimeException unconfirmed = unconfirmed(ex);
			if (unconfirmed == null) {
				throw ex;
			}
			if (response.isCommitted()) {
				// Too late for a status: failing the exchange is the only way left to
				// keep it from looking like a success.
				logger.warn("Could not report an unconfirmed session write to " + request.getMethod() + " "
						+ request.getRequestURI() + ": the response was already committed. "
						+ unconfirmed.getMessage());
				throw ex;
			}
			logger.warn("Answered 503 to " + request.getMethod() + " " + request.getRequestURI() + ": "
					+ describe(unconfirmed));
			// Keeps the headers filters set before (the node's name, security headers);
			// no
			// session cookie was added, since the session was never saved.
			response.resetBuffer();
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			response.setHeader("Retry-After", "1");
			response.setContentType("text/plain;charset=UTF-8");
			response.setContentLength(BODY.length);
			response.getOutputStream().write(BODY);
			response.flushBuffer();
		}
	}

	private static String describe(RuntimeException unconfirmed) {
		if (unconfirmed instanceof UnconfirmedSessionWriteException) {
			return unconfirmed.getMessage();
		}
		return "a session write was not confirmed by the cluster: " + unconfirmed.getClass().getSimpleName();
	}

	// The save fails inside Spring Session or inside the application's own response
	// writing, so it can arrive wrapped (a ServletException from Spring MVC).
	private static RuntimeException unconfirmed(Throwable failure) {
		RuntimeException indeterminate = null;
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof UnconfirmedSessionWriteException unconfirmed) {
				return unconfirmed;
			}
			if (indeterminate == null && cause instanceof IndeterminateOperationStateException direct) {
				indeterminate = direct;
			}
		}
		return indeterminate;
	}

}
