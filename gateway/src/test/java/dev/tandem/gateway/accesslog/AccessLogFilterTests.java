package dev.tandem.gateway.accesslog;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.context.support.StaticApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

class AccessLogFilterTests {

	private final StaticApplicationContext publicContext = new StaticApplicationContext();

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final AccessLogFilter filter = new AccessLogFilter(this.publicContext, this.lines::add,
			Clock.fixed(Instant.parse("2026-12-05T01:41:38Z"), ZoneOffset.UTC));

	@Test
	void shouldLogTheAnswerOfAFilterBehindIt() {
		ServerWebExchange exchange = exchange(this.publicContext, "/actuator/health");
		WebFilterChain guard = (guarded) -> {
			guarded.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
			return guarded.getResponse().setComplete();
		};

		StepVerifier.create(this.filter.filter(exchange, guard)).verifyComplete();

		assertThat(this.lines).singleElement()
			.asString()
			.startsWith("- - - [05/Dec/2026:01:41:38 +0000] \"GET /actuator/health HTTP/1.1\" 404 - ")
			.contains(" member=- upstream_ms=- attempts=0 ");
	}

	@Test
	void shouldLogAnErrorWithTheStatusOfTheAnswerTheErrorHandlerWrites() {
		ServerWebExchange exchange = exchange(this.publicContext, "/hello");
		WebFilterChain failing = (failed) -> Mono.error(new ResponseStatusException(HttpStatus.BAD_GATEWAY));

		StepVerifier.create(this.filter.filter(exchange, failing)).verifyError(ResponseStatusException.class);
		assertThat(this.lines).isEmpty();
		// What Spring's error handler does after every filter has seen the error.
		exchange.getResponse().setStatusCode(HttpStatus.BAD_GATEWAY);
		exchange.getResponse().setComplete().block();

		assertThat(this.lines).singleElement().asString().contains("\"GET /hello HTTP/1.1\" 502 ");
	}

	@Test
	void shouldLogStatus499WhenTheClientGoesAwayBeforeItsAnswer() {
		ServerWebExchange exchange = exchange(this.publicContext, "/slow");

		StepVerifier.create(this.filter.filter(exchange, (waiting) -> Mono.never())).thenCancel().verify();

		assertThat(this.lines).singleElement().asString().contains("\"GET /slow HTTP/1.1\" 499 ");
	}

	@Test
	void shouldNotLogTheManagementPort() {
		ServerWebExchange exchange = exchange(new StaticApplicationContext(), "/actuator/prometheus");

		StepVerifier.create(this.filter.filter(exchange, (management) -> Mono.empty())).verifyComplete();

		assertThat(this.lines).isEmpty();
	}

	private static ServerWebExchange exchange(StaticApplicationContext context, String path) {
		return MockServerWebExchange.builder(MockServerHttpRequest.get(path)).applicationContext(context).build();
	}

}
