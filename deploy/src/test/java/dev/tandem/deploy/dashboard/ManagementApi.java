package dev.tandem.deploy.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.deploy.AdminLogin;

/**
 * The gateway's admin API read over HTTP Basic, the truth the browser tests hold the page
 * to: a member as {@code GET /api/members} shows it.
 */
final class ManagementApi {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String origin;

	private final AdminLogin login;

	ManagementApi(String origin, AdminLogin login) {
		this.origin = origin;
		this.login = login;
	}

	/** Every member, in the gateway's order. */
	JsonNode members() {
		return get("/api/members").path("members");
	}

	/** One member; fails when the gateway does not list it. */
	JsonNode member(String id) {
		for (JsonNode member : members()) {
			if (id.equals(member.path("id").asText())) {
				return member;
			}
		}
		throw new AssertionError("GET /api/members lists no member " + id);
	}

	private JsonNode get(String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.origin + path))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", this.login.authorization())
			.GET()
			.build();
		try {
			HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
			}
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
