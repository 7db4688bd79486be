package dev.tandem.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Answers {@code POST /tandem/restart}: with {@code Authorization: Bearer <token>} equal
 * to {@code tandem.node.restart.token}, 202 and {@code {"restarting":true}}, after which
 * {@link NodeRestart} stops the node; otherwise 401 and a WARN line naming the client. A
 * filter rather than a controller so that it answers before the application's own
 * filters: the token is the authentication, so neither the session store nor the
 * application's security (its login, its CSRF check on POST) has a say, and it works the
 * same in any application that uses the library. It never calls the rest of the chain.
 */
final class RestartFilter extends HttpFilter {

	static final String PATH = "/tandem/restart";

	private static final Log logger = LogFactory.getLog(RestartFilter.class);

	private static final String BEARER = "Bearer ";

	private final byte[] token;

	// The servlet API makes every filter Serializable; this one is never serialized.
	private final transient NodeRestart restart;

	RestartFilter(String token, NodeRestart restart) {
		this.token = token.getBytes(StandardCharsets.UTF_8);
		this.restart = restart;
	}

	@Override
	protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException {
		if (!"POST".equals(request.getMethod())) {
			response.setHeader("Allow", "POST");
			respond(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "text/plain;charset=UTF-8",
					"Only POST restarts the node.\n");
			return;
		}
		if (!authorized(request)) {
			logger.warn("Refused a restart request from " + request.getRemoteAddr()
					+ ": its bearer token is missing or wrong.");
			response.setHeader("WWW-Authenticate", "Bearer");
			respond(response, HttpServletResponse.SC_UNAUTHORIZED, "text/plain;charset=UTF-8",
					"Restarting this node needs the restart token as a bearer token.\n");
			return;
		}
		// The answer goes out before the node starts stopping: the caller learns that
		// it was heard, and the closing context does not wait on this request.
		respond(response, HttpServletResponse.SC_ACCEPTED, "application/json", "{\"restarting\":true}");
		this.restart.request(request.getRemoteAddr());
	}

	private boolean authorized(HttpServletRequest request) {
		String authorization = request.getHeader("Authorization");
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return false;
		}
		byte[] given = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
		// Takes as long whichever byte differs, so the answer time does not reveal how
		// much of a guess was right.
		return MessageDigest.isEqual(this.token, given);
	}

	private static void respond(HttpServletResponse response, int status, String contentType, String body)
			throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		response.setStatus(status);
		response.setContentType(contentType);
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
		response.flushBuffer();
	}

}
