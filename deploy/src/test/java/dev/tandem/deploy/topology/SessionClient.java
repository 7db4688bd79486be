package dev.tandem.deploy.topology;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.shared.TandemHeaders;

/**
 * One browser with its own cookie jar (session and affinity cookies) and the count it
 * expects: every answer must be exactly one more than the last acknowledged count, or
 * more only by the requests that failed without an answer (they may have counted). A
 * count back at 1 is a lost session; a count below the expected one is a lost
 * (acknowledged) increment. Not thread-safe: one thread drives one client.
 */
final class SessionClient {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final int number;

	private final Map<String, String> cookies = new LinkedHashMap<>();

	private int acknowledged;

	private int uncertain;

	private volatile int answered;

	private volatile int failed;

	private volatile int sessionsLost;

	private volatile int lostIncrements;

	private volatile int extraIncrements;

	private volatile String lastNode = "";

	/**
	 * When the request that {@link #lastNode} answered was sent
	 * ({@code System.nanoTime()}).
	 */
	private volatile long lastNodeAskedAt;

	private volatile int nodeChanges;

	/**
	 * When the request now under way was sent ({@code System.nanoTime()}); 0 when none
	 * is.
	 */
	private volatile long inFlightSince;

	private volatile int floor;

	private volatile int lowestSinceFloor = Integer.MAX_VALUE;

	SessionClient(int number) {
		this.number = number;
	}

	/**
	 * One increment through the gateway, {@code GET} or {@code POST /session}: whether it
	 * was answered, and what went wrong if anything.
	 */
	Outcome increment(HttpClient http, URI base, boolean post, Duration timeout) throws InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/session")).timeout(timeout);
		request = post ? request.POST(HttpRequest.BodyPublishers.noBody()) : request.GET();
		if (!this.cookies.isEmpty()) {
			request.header("Cookie",
					this.cookies.entrySet()
						.stream()
						.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
						.collect(Collectors.joining("; ")));
		}
		String method = post ? "POST" : "GET";
		long askedAt = System.nanoTime();
		HttpResponse<String> response;
		this.inFlightSince = askedAt;
		try {
			response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			this.failed++;
			this.uncertain++;
			return Outcome.failed("client " + this.number + ": " + method + " /session failed: " + ex);
		}
		finally {
			this.inFlightSince = 0;
		}
		if (response.statusCode() != 200) {
			this.failed++;
			this.uncertain++;
			return Outcome
				.failed("client " + this.number + ": " + method + " /session answered " + response.statusCode());
		}
		for (String setCookie : response.headers().allValues("Set-Cookie")) {
			String pair = setCookie.split(";", 2)[0];
			int equals = pair.indexOf('=');
			this.cookies.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
		}
		String node = response.headers().firstValue(TandemHeaders.NODE).orElse("");
		if (!this.lastNode.isEmpty() && !node.equals(this.lastNode)) {
			this.nodeChanges++;
		}
		this.lastNode = node;
		this.lastNodeAskedAt = askedAt;
		int count;
		try {
			JsonNode body = JSON.readTree(response.body());
			count = body.get("count").asInt();
		}
		catch (IOException | RuntimeException ex) {
			this.failed++;
			this.uncertain++;
			return Outcome.failed("client " + this.number + ": " + method + " /session answered " + response.body());
		}
		this.answered++;
		this.lowestSinceFloor = Math.min(this.lowestSinceFloor, count);
		String problem = check(count, method);
		this.acknowledged = count;
		this.uncertain = 0;
		return new Outcome(true, problem);
	}

	private String check(int count, String method) {
		int expected = this.acknowledged + 1;
		if (count == 1 && this.acknowledged > 0) {
			this.sessionsLost++;
			return "client " + this.number + ": session lost, " + method + " counted 1 after " + this.acknowledged;
		}
		if (count < expected) {
			this.lostIncrements += expected - count;
			return "client " + this.number + ": " + method + " counted " + count + ", expected " + expected + " at "
					+ LocalTime.now(ZoneOffset.UTC);
		}
		if (count > expected + this.uncertain) {
			// A request counted twice (a replayed GET): reported, not a loss.
			this.extraIncrements += count - expected - this.uncertain;
		}
		return null;
	}

	int number() {
		return this.number;
	}

	int answered() {
		return this.answered;
	}

	int failed() {
		return this.failed;
	}

	int sessionsLost() {
		return this.sessionsLost;
	}

	int lostIncrements() {
		return this.lostIncrements;
	}

	int extraIncrements() {
		return this.extraIncrements;
	}

	/** How often an answer came from another node than the one before it. */
	int nodeChanges() {
		return this.nodeChanges;
	}

	/**
	 * Remember the count acknowledged now; {@link #lowestSinceFloor()} then tells whether
	 * a later answer went below it (an increment acknowledged before now was lost).
	 */
	void markFloor() {
		this.floor = this.acknowledged;
		this.lowestSinceFloor = Integer.MAX_VALUE;
	}

	int floor() {
		return this.floor;
	}

	/** The lowest count answered since {@link #markFloor()}; MAX_VALUE if none. */
	int lowestSinceFloor() {
		return this.lowestSinceFloor;
	}

	/** The count of the last answer (the last acknowledged increment). */
	int acknowledged() {
		return this.acknowledged;
	}

	/** A cookie this client holds, or null. */
	String cookie(String name) {
		return this.cookies.get(name);
	}

	/**
	 * Set a cookie by hand, e.g. another member's affinity token to send this client's
	 * session there.
	 */
	void cookie(String name, String value) {
		this.cookies.put(name, value);
	}

	/** The node that answered this client last (its sticky member). */
	String lastNode() {
		return this.lastNode;
	}

	/**
	 * Whether this client's last answer came for a request sent after the moment
	 * ({@code System.nanoTime()}): a request sent before may still be waiting on a member
	 * that has since died.
	 */
	boolean answeredSince(long nanos) {
		return this.lastNodeAskedAt - nanos > 0;
	}

	/**
	 * What this client is doing, for a report: waiting on a request sent some time before
	 * the moment ({@code System.nanoTime()}), or between requests.
	 */
	String waiting(long now) {
		long since = this.inFlightSince;
		return (since == 0) ? "no request under way"
				: "a request under way for " + Duration.ofNanos(now - since).toMillis() + " ms";
	}

}
