package dev.tandem.shared;

/**
 * HTTP header names shared by the gateway and the was-nodes. Changing one breaks users'
 * scripts and dashboards, so they are part of the outside contract.
 */
public final class TandemHeaders {

	/** Response header naming the node that served the request. */
	public static final String NODE = "X-Tandem-Node";

	/**
	 * Response header from a was-node to the gateway naming the cluster view the node
	 * answered in (the readiness details' {@code viewId}); the gateway removes it before
	 * the answer reaches the client.
	 */
	public static final String VIEW = "X-Tandem-View";

	private TandemHeaders() {
	}

}
