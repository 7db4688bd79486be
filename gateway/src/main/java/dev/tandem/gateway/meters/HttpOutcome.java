package dev.tandem.gateway.meters;

/**
 * The {@code outcome} tag of Spring Boot's and Spring Cloud LoadBalancer's HTTP timers:
 * the class of an answer's status.
 */
public final class HttpOutcome {

	/** The value for a status outside 100-599, or an answer that never got one. */
	public static final String UNKNOWN = "UNKNOWN";

	private HttpOutcome() {
	}

	/**
	 * The outcome of a status.
	 * @param status the answer's status
	 * @return its outcome word
	 */
	public static String of(int status) {
		if (status >= 100 && status < 200) {
			return "INFORMATIONAL";
		}
		if (status >= 200 && status < 300) {
			return "SUCCESS";
		}
		if (status >= 300 && status < 400) {
			return "REDIRECTION";
		}
		if (status >= 400 && status < 500) {
			return "CLIENT_ERROR";
		}
		if (status >= 500 && status < 600) {
			return "SERVER_ERROR";
		}
		return UNKNOWN;
	}

}
