package dev.tandem.deploy.topology;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.deploy.AdminLogin;
import dev.tandem.shared.TandemHeaders;

import static org.awaitility.Awaitility.await;

/**
 * Pi 1 seen from the tests: its public address (what clients use) and its admin port's
 * view of the members (the {@code balancer} health component, shown only after a login:
 * {@link #login()}). The public address is looked up once and again after
 * {@link #restart(Duration)}, as the host port may change.
 */
final class Gateway {

	private static final HttpClient ADMIN = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private static final ObjectMapper JSON = new ObjectMapper();

	/** The key under which {@link #newClients(int)} counts requests not answered 200. */
	static final String FAILED = "failed";

	private final TandemContainer container;

	private final AdminLogin login;

	private volatile URI publicUri;

	Gateway(TandemContainer container, AdminLogin login) {
		this.container = container;
		this.login = login;
	}

	/**
	 * The user with role admin the gateway was configured with, for the management port.
	 */
	AdminLogin login() {
		return this.login;
	}

	TandemContainer container() {
		return this.container;
	}

	/** The gateway's public base URI on the host, e.g. {@code http://localhost:32771}. */
	URI publicUri() {
		URI uri = this.publicUri;
		if (uri == null) {
			uri = this.container.uri(8080, "");
			this.publicUri = uri;
		}
		return uri;
	}

	/**
	 * Start the stopped gateway again, wait until ready, and look its address up again.
	 */
	void restart(Duration timeout) {
		this.container.restart(timeout);
		this.publicUri = null;
	}

	/**
	 * {@code GET /hello} from new clients (no cookies), one after the other; the number
	 * answered by each node (its {@code X-Tandem-Node}), and under {@code failed} those
	 * not answered 200.
	 */
	Map<String, Integer> newClients(int count) throws InterruptedException {
		Map<String, Integer> nodes = new TreeMap<>();
		for (int i = 0; i < count; i++) {
			String node;
			try {
				HttpResponse<Void> response = Load.HTTP.send(
						HttpRequest.newBuilder(publicUri().resolve("/hello")).timeout(Duration.ofSeconds(15)).build(),
						HttpResponse.BodyHandlers.discarding());
				node = (response.statusCode() == 200)
						? response.headers().firstValue(TandemHeaders.NODE).orElse("no X-Tandem-Node") : FAILED;
			}
			catch (IOException ex) {
				node = FAILED;
			}
			nodes.merge(node, 1, Integer::sum);
		}
		return nodes;
	}

	/**
	 * Wait until the balancer's state of a member matches, and return the time since
	 * {@code sinceNanos} (a {@link System#nanoTime()} mark, e.g. taken at the moment a
	 * fault was injected).
	 */
	Duration awaitMemberState(String member, Predicate<String> state, long sinceNanos, Duration timeout) {
		await(member + " state on the gateway").atMost(timeout)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> state.test(memberStates().getOrDefault(member, "")));
		return Duration.ofNanos(System.nanoTime() - sinceNanos);
	}

	/**
	 * The witness as {@code GET /api/members} shows it (winning view, supporters, rule,
	 * excluded members); a missing node when the admin port does not answer.
	 */
	JsonNode witness() {
		try {
			HttpRequest request = HttpRequest.newBuilder(this.container.uri(9090, "/api/members"))
				.header("Authorization", this.login.authorization())
				.timeout(Duration.ofSeconds(2))
				.build();
			HttpResponse<String> response = ADMIN.send(request, HttpResponse.BodyHandlers.ofString());
			return JSON.readTree(response.body()).path("witness");
		}
		catch (IOException | RuntimeException ex) {
			return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
		}
	}

	/** The members the witness excludes now, by id. */
	java.util.List<String> excludedByWitness() {
		java.util.List<String> excluded = new java.util.ArrayList<>();
		witness().path("excluded").forEach((member) -> excluded.add(member.path("member").asText()));
		return excluded;
	}

	/**
	 * Each member's state as the balancer has it now ({@code up}, {@code slow-start},
	 * {@code down}, {@code ejected}, ...), by member id; empty when the admin port does
	 * not answer.
	 */
	Map<String, String> memberStates() {
		Map<String, String> states = new LinkedHashMap<>();
		try {
			HttpRequest request = HttpRequest.newBuilder(this.container.uri(9090, "/actuator/health"))
				.header("Authorization", this.login.authorization())
				.timeout(Duration.ofSeconds(2))
				.build();
			HttpResponse<String> response = ADMIN.send(request, HttpResponse.BodyHandlers.ofString());
			JsonNode details = JSON.readTree(response.body()).path("components").path("balancer").path("details");
			for (Iterator<Map.Entry<String, JsonNode>> fields = details.fields(); fields.hasNext();) {
				Map.Entry<String, JsonNode> field = fields.next();
				if (field.getValue().has("state")) {
					states.put(field.getKey(), field.getValue().get("state").asText());
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// Not answering (restarting, frozen): no states, the caller polls again.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return states;
	}

}
