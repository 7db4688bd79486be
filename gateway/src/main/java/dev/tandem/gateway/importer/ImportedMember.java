package dev.tandem.gateway.importer;

/**
 * One backend as the old front described it ({@code BalancerMember}, or a mod_jk
 * {@code ajp13} worker), in the old front's terms, before translation.
 */
final class ImportedMember {

	final Origin origin;

	/** The mod_jk worker's name; null for httpd, whose members have none. */
	final String name;

	/**
	 * The backend's address as written: http://, https:// or ajp://, maybe with a path.
	 */
	final String url;

	/** {@code loadfactor} / {@code lbfactor}. */
	int loadFactor = 1;

	/** {@code lbset} (httpd) or {@code distance} (mod_jk): lower sets are used first. */
	int set;

	/** httpd's {@code +H} (hot standby) or {@code +R} (hot spare). */
	boolean standby;

	/** Tandem's admin state: active, draining or disabled. */
	String state = "active";

	/** {@code route} / {@code jvm_route}; null when none was given. */
	String route;

	/**
	 * httpd {@code retry} or mod_jk {@code recover_time}, in seconds; null when unset.
	 */
	Integer retrySeconds;

	/**
	 * httpd {@code timeout}, mod_jk {@code reply_timeout} (converted), in ms; or null.
	 */
	Integer replyTimeoutMillis;

	/** httpd {@code connectiontimeout}, mod_jk {@code socket_connect_timeout}, in ms. */
	Integer connectTimeoutMillis;

	/** httpd {@code hcmethod}: TCP, or an HTTP method; null when no health check. */
	String healthMethod;

	/** httpd {@code hcuri}. */
	String healthPath;

	ImportedMember(Origin origin, String name, String url) {
		this.origin = origin;
		this.name = name;
		this.url = url;
	}

}
