package dev.tandem.deploy.topology;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the traffic of a {@link Load} saw, once stopped: failed requests (any answer but
 * the expected one, with what went wrong), sessions lost, acknowledged increments lost,
 * and latency percentiles over any time window.
 */
record LoadResult(List<SessionClient> sessions, List<String> failures, List<Load.Sample> samples, int plainAnswered) {

	int requests() {
		return this.samples.size();
	}

	int failedRequests() {
		return (int) this.samples.stream().filter((sample) -> !sample.ok()).count();
	}

	/**
	 * Failed requests of one method: a POST that may already have reached a member is
	 * never replayed.
	 */
	int failedRequests(String method) {
		return (int) this.samples.stream().filter((sample) -> !sample.ok() && sample.method().equals(method)).count();
	}

	/**
	 * Failed GETs whose answer had begun and was cut before its end (the JDK client's
	 * "chunked transfer encoding" or "fixed content-length" errors): no proxy can replay
	 * an answer it has begun to pass on, so a member killed in the middle of one costs
	 * it.
	 */
	int getsCutMidAnswer() {
		return (int) this.failures.stream()
			.filter((failure) -> failure.contains(" GET /")
					&& (failure.contains("chunked transfer encoding") || failure.contains("fixed content-length")))
			.count();
	}

	/** Failed requests of any method started between two nanoTime marks. */
	int failedRequests(long fromNanos, long toNanos) {
		return (int) this.samples.stream()
			.filter((sample) -> !sample.ok() && sample.startedBetween(fromNanos, toNanos))
			.count();
	}

	/** Failed requests apart from those the test accounts for elsewhere, each once. */
	int failedRequestsExcept(Predicate<Load.Sample> accountedFor) {
		return (int) this.samples.stream().filter((sample) -> !sample.ok() && !accountedFor.test(sample)).count();
	}

	/**
	 * Failed requests that had started before a nanoTime mark and ended after it, not
	 * counting refused connections (nothing was listening any more: not a cut request).
	 */
	int failedInFlightAt(long nanos) {
		return (int) this.samples.stream().filter((sample) -> !sample.ok() && sample.inFlightAt(nanos)).count();
	}

	/** The longest request started between two nanoTime marks. */
	Duration maxLatency(long fromNanos, long toNanos) {
		return Duration.ofNanos(this.samples.stream()
			.filter((sample) -> sample.startNanos() >= fromNanos && sample.startNanos() <= toNanos)
			.mapToLong(Load.Sample::nanos)
			.max()
			.orElse(0));
	}

	int sessionsLost() {
		return this.sessions.stream().mapToInt(SessionClient::sessionsLost).sum();
	}

	int lostIncrements() {
		return this.sessions.stream().mapToInt(SessionClient::lostIncrements).sum();
	}

	/**
	 * Increments counted twice (a GET replayed by the gateway after a reset); not a loss.
	 */
	int extraIncrements() {
		return this.sessions.stream().mapToInt(SessionClient::extraIncrements).sum();
	}

	int sessionRequestsAnswered() {
		return this.sessions.stream().mapToInt(SessionClient::answered).sum();
	}

	/** The 99th percentile latency of the requests started between two nanoTime marks. */
	Duration p99(long fromNanos, long toNanos) {
		long[] nanos = this.samples.stream()
			.filter((sample) -> sample.startNanos() >= fromNanos && sample.startNanos() <= toNanos)
			.mapToLong(Load.Sample::nanos)
			.sorted()
			.toArray();
		if (nanos.length == 0) {
			return Duration.ZERO;
		}
		int index = (int) Math.ceil(nanos.length * 0.99) - 1;
		return Duration.ofNanos(nanos[Math.max(0, index)]);
	}

	/** One line of figures for the log. */
	String summary() {
		return String.format(
				"%d requests (%d session answers, %d plain GETs), %d failed (%d GET, %d POST), %d sessions lost, %d increments lost, %d counted twice",
				requests(), sessionRequestsAnswered(), this.plainAnswered, failedRequests(), failedRequests("GET"),
				failedRequests("POST"), sessionsLost(), lostIncrements(), extraIncrements());
	}

}
