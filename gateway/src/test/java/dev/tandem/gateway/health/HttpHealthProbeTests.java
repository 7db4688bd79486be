package dev.tandem.gateway.health;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tandem.gateway.member.ExpectedStatus;
import dev.tandem.gateway.member.HealthCheck;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP probe against a member that answers its page with a redirect, as a Tomcat
 * application with a login does: the member's expected statuses decide, and the redirect
 * is not followed.
 */
class HttpHealthProbeTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final List<String> paths = new CopyOnWriteArrayList<>();

	private final DisposableServer member = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.handle((request, response) -> {
			this.paths.add(request.uri());
			return response.status(HttpResponseStatus.FOUND).header("Location", "/login.jsp").send();
		})
		.bindNow();

	private final HttpHealthProbe probe = new HttpHealthProbe(TIMEOUT, 1);

	@AfterEach
	void stop() {
		this.probe.close();
		this.member.disposeNow();
	}

	@Test
	void shouldPassA302WhenTheMemberExpects200To399() {
		ProbeResult result = this.probe.apply(target("200-399")).block(TIMEOUT.multipliedBy(2));

		assertThat(result.passed()).isTrue();
		assertThat(result.reason()).isEqualTo("302");
		assertThat(this.paths).containsExactly("/session.jsp");
	}

	@Test
	void shouldFailA302WhenTheMemberExpectsTheDefault2xx() {
		ProbeResult result = this.probe.apply(target("2xx")).block(TIMEOUT.multipliedBy(2));

		assertThat(result.passed()).isFalse();
		assertThat(result.reason()).isEqualTo("302");
		assertThat(this.paths).containsExactly("/session.jsp");
	}

	private HealthTarget target(String expected) {
		return new HealthTarget("tomcat1", URI.create("http://127.0.0.1:" + this.member.port() + "/session.jsp"),
				HealthCheck.Type.HTTP, ExpectedStatus.parse(expected).orElseThrow());
	}

}
