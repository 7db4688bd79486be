package dev.tandem.gateway.testing;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Clients of a test gateway's management port, as the test users of
 * {@code src/test/resources/application.properties} or anonymous. Generous timeouts: a
 * shared, loaded machine must not turn a slow answer into a failure.
 */
public final class Management {

	/** The test user with role admin. */
	public static final String ADMIN = "test-admin";

	/** The test admin's password. */
	public static final String ADMIN_PASSWORD = "test-admin-password";

	/** The test user with role viewer. */
	public static final String VIEWER = "test-viewer";

	/** The test viewer's password. */
	public static final String VIEWER_PASSWORD = "test-viewer-password";

	private Management() {
	}

	/**
	 * A client logged in as the test admin with HTTP Basic.
	 * @param port the management port
	 * @return the client
	 */
	public static WebTestClient admin(int port) {
		return anonymous(port).mutate()
			.defaultHeaders((headers) -> headers.setBasicAuth(ADMIN, ADMIN_PASSWORD))
			.build();
	}

	/**
	 * A client logged in as the test viewer with HTTP Basic.
	 * @param port the management port
	 * @return the client
	 */
	public static WebTestClient viewer(int port) {
		return anonymous(port).mutate()
			.defaultHeaders((headers) -> headers.setBasicAuth(VIEWER, VIEWER_PASSWORD))
			.build();
	}

	/**
	 * A client without credentials.
	 * @param port the management port
	 * @return the client
	 */
	public static WebTestClient anonymous(int port) {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(15))
			.build();
	}

	/**
	 * {@code GET /api/members} as the test admin, which must answer 200.
	 * @param port the management port
	 * @return the answer's body
	 */
	public static JsonNode members(int port) {
		return admin(port).get()
			.uri("/api/members")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

}
