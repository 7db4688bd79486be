package dev.tandem.deploy.arm;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.shared.TandemHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One browser of the seed's session counter, through the gateway: it keeps the session
 * cookie it is given and reads, from each answer, the count and the member that served it
 * (in the body, and in the node header, which must agree).
 */
final class CounterClient {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final URI session;

	private final Duration timeout;

	private String cookie;

	/**
	 * @param gateway the gateway's public base URI
	 * @param timeout the longest wait for one answer (emulated JVMs answer slowly at
	 * first)
	 */
	CounterClient(URI gateway, Duration timeout) {
		this.session = gateway.resolve("/session");
		this.timeout = timeout;
	}

	/**
	 * One more count: {@code GET /session}, which the member answers with the new count.
	 */
	Served next() throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.session).timeout(this.timeout);
		if (this.cookie != null) {
			request.header("Cookie", this.cookie);
		}
		HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("status of /session, body %s", response.body()).isEqualTo(200);
		response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((header) -> header.startsWith("SESSION="))
			.findFirst()
			.ifPresent((header) -> this.cookie = header.substring(0, header.indexOf(';')));
		JsonNode body = JSON.readTree(response.body());
		String node = body.get("node").asText();
		assertThat(response.headers().firstValue(TandemHeaders.NODE)).as("node header").hasValue(node);
		return new Served(node, body.get("count").asInt());
	}

	/**
	 * One answer of the counter.
	 *
	 * @param node the member that served it
	 * @param count the count it returned
	 */
	record Served(String node, int count) {
	}

}
