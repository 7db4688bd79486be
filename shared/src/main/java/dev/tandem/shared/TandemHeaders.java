package dev.tandem.shared;

/**
 * HTTP header names shared by the gateway and the was-nodes. Changing one breaks users'
 * scripts and dashboards, so they are part of the outside contract.
 */
public final class TandemHeaders {

	/** Response header naming the node that served the request. */
	public static final String NODE = "X-Tandem-Node";

	private TandemHeaders() {
	}

}
