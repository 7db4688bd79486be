package dev.tandem.node.demo;

import jakarta.servlet.http.HttpSession;

/**
 * The demo's session counter: one Integer kept in the HTTP session, so each request
 * proves which state the serving node could read. The read-modify-write is not atomic;
 * concurrent requests of one client may count once.
 */
final class SessionCounter {

	static final String ATTRIBUTE = "count";

	private SessionCounter() {
	}

	/**
	 * Increment the counter, starting at 1 in a new or empty session.
	 * @param session the session to count in
	 * @return the new count
	 */
	static int increment(HttpSession session) {
		Integer count = (Integer) session.getAttribute(ATTRIBUTE);
		int next = (count != null) ? count + 1 : 1;
		// Set it again even though it is a new Integer: Spring Session saves attributes
		// on set, and only the changed ones travel to the cluster.
		session.setAttribute(ATTRIBUTE, next);
		return next;
	}

}
