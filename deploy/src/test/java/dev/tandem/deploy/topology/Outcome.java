package dev.tandem.deploy.topology;

/**
 * One request of the load: whether it got its 2xx answer, and what went wrong if anything
 * (a failure, or an answer that shows a lost session or increment).
 *
 * @param answered whether the request was answered with 2xx and a readable body
 * @param problem what went wrong, or null
 */
record Outcome(boolean answered, String problem) {

	static final Outcome OK = new Outcome(true, null);

	static Outcome failed(String problem) {
		return new Outcome(false, problem);
	}

}
