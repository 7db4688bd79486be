package dev.tandem.gateway.importer;

/**
 * A path the old front sent to a balancer ({@code ProxyPass}, {@code JkMount}, a line of
 * {@code uriworkermap.properties}) or kept from it ({@code ProxyPass /path !},
 * {@code JkUnMount}).
 *
 * @param origin the directive
 * @param path the front's path, as written
 * @param balancer the balancer's name; null for an exclusion
 * @param backendPath the path the balancer's members received it under
 * ({@code ProxyPass /app/ balancer://x/} strips {@code /app}); equal to {@code path} when
 * nothing is stripped
 */
record Mount(Origin origin, String path, String balancer, String backendPath) {

	boolean excluded() {
		return this.balancer == null;
	}

	/**
	 * Whether this mount covers every path, as {@code ProxyPass /} or {@code JkMount /*}.
	 */
	boolean everything() {
		return "/".equals(this.path) || "/*".equals(this.path);
	}

}
