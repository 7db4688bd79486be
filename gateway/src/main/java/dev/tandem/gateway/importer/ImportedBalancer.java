package dev.tandem.gateway.importer;

import java.util.ArrayList;
import java.util.List;

/**
 * One balancer of the old front ({@code balancer://name}, or a mod_jk {@code lb} worker)
 * with its members and settings, in the old front's terms.
 */
final class ImportedBalancer {

	final String name;

	final Origin origin;

	final List<ImportedMember> members = new ArrayList<>();

	/** Tandem's balancing method; null when the old front used its default. */
	String method;

	/** Where {@link #method} was set, for comments. */
	Origin methodOrigin;

	/**
	 * The sticky session names as Tandem writes them ({@code JSESSIONID|jsessionid});
	 * null when the old front had no sticky sessions.
	 */
	String stickySession;

	Origin stickyOrigin;

	/** httpd {@code nofailover=On}, mod_jk {@code sticky_session_force}. */
	boolean strict;

	Origin strictOrigin;

	/** httpd {@code maxattempts}, mod_jk {@code retries}: attempts per request. */
	Integer maxAttempts;

	Origin maxAttemptsOrigin;

	ImportedBalancer(String name, Origin origin) {
		this.name = name;
		this.origin = origin;
	}

}
