package dev.tandem.gateway.meters;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

class TimersByMethodAndStatusTests {

	final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	final List<String> made = new ArrayList<>();

	final TimersByMethodAndStatus timers = new TimersByMethodAndStatus((method, status) -> {
		this.made.add(method + " " + status);
		return Timer.builder("t").tags("method", method, "status", String.valueOf(status)).register(this.registry);
	});

	@Test
	void shouldMakeEachTimerOnceAndKeepIt() {
		Timer ok = this.timers.of(HttpMethod.GET, 200);

		assertThat(this.timers.of(HttpMethod.GET, 200)).isSameAs(ok);
		assertThat(this.timers.of(HttpMethod.POST, 200)).isNotSameAs(ok);
		assertThat(this.timers.of(HttpMethod.GET, 502).getId().getTag("status")).isEqualTo("502");
		assertThat(this.made).containsExactly("GET 200", "POST 200", "GET 502");
	}

	@Test
	void shouldKeepUnusualMethodsAndStatusesToo() {
		HttpMethod propfind = HttpMethod.valueOf("PROPFIND");
		Timer odd = this.timers.of(propfind, 207);
		Timer beyond = this.timers.of(HttpMethod.GET, 999);

		assertThat(this.timers.of(HttpMethod.valueOf("PROPFIND"), 207)).isSameAs(odd);
		assertThat(this.timers.of(HttpMethod.GET, 999)).isSameAs(beyond);
		assertThat(odd.getId().getTag("method")).isEqualTo("PROPFIND");
		assertThat(this.made).containsExactly("PROPFIND 207", "GET 999");
	}

	@Test
	void shouldTellTheOutcomeOfEachStatusClass() {
		assertThat(List.of(101, 204, 302, 404, 503, 700).stream().map(HttpOutcome::of)).containsExactly("INFORMATIONAL",
				"SUCCESS", "REDIRECTION", "CLIENT_ERROR", "SERVER_ERROR", "UNKNOWN");
	}

}
