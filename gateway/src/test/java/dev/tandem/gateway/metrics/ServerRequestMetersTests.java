package dev.tandem.gateway.metrics;

import java.util.List;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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

class ServerRequestMetersTests {

	private final StaticApplicationContext publicContext = new StaticApplicationContext();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ServerRequestMeters filter = new ServerRequestMeters(this.publicContext, this.registry);

	@Test
	void shouldTimeEachAnswerWithTheTagsOfSpringsObservation() {
		for (int i = 0; i < 3; i++) {
			StepVerifier.create(this.filter.filter(get(this.publicContext), answering(HttpStatus.OK))).verifyComplete();
		}
		StepVerifier.create(this.filter.filter(get(this.publicContext), answering(HttpStatus.NOT_FOUND)))
			.verifyComplete();
		StepVerifier.create(this.filter.filter(get(this.publicContext), answering(HttpStatus.FOUND))).verifyComplete();

		assertThat(timers()).containsExactlyInAnyOrder(
				"error=none exception=none method=GET outcome=SUCCESS status=200 uri=UNKNOWN: 3",
				"error=none exception=none method=GET outcome=CLIENT_ERROR status=404 uri=NOT_FOUND: 1",
				"error=none exception=none method=GET outcome=REDIRECTION status=302 uri=REDIRECTION: 1");
	}

	@Test
	void shouldTimeAnErrorWithTheStatusOfTheAnswerTheErrorHandlerWrites() {
		ServerWebExchange exchange = get(this.publicContext);
		WebFilterChain failing = (failed) -> Mono.error(new ResponseStatusException(HttpStatus.BAD_GATEWAY));

		StepVerifier.create(this.filter.filter(exchange, failing)).verifyError(ResponseStatusException.class);
		assertThat(timers()).isEmpty();
		// What Spring's error handler does after every filter has seen the error.
		exchange.getResponse().setStatusCode(HttpStatus.BAD_GATEWAY);
		exchange.getResponse().setComplete().block();

		assertThat(timers()).containsExactly("error=ResponseStatusException exception=ResponseStatusException "
				+ "method=GET outcome=SERVER_ERROR status=502 uri=UNKNOWN: 1");
	}

	@Test
	void shouldTimeAClientGoneBeforeItsAnswerAsUnknown() {
		StepVerifier.create(this.filter.filter(get(this.publicContext), (waiting) -> Mono.never()))
			.thenCancel()
			.verify();

		assertThat(timers())
			.containsExactly("error=none exception=none method=GET outcome=UNKNOWN status=UNKNOWN uri=UNKNOWN: 1");
	}

	@Test
	void shouldLeaveTheManagementPortToSpringsObservation() {
		StepVerifier.create(this.filter.filter(get(new StaticApplicationContext()), answering(HttpStatus.OK)))
			.verifyComplete();

		assertThat(timers()).isEmpty();
	}

	private List<String> timers() {
		return this.registry.find(ServerRequestMeters.NAME)
			.timers()
			.stream()
			.map(ServerRequestMetersTests::describe)
			.toList();
	}

	private static String describe(Timer timer) {
		StringBuilder tags = new StringBuilder();
		timer.getId()
			.getTags()
			.forEach((tag) -> tags.append(tag.getKey()).append('=').append(tag.getValue()).append(' '));
		return tags.toString().trim() + ": " + timer.count();
	}

	private static WebFilterChain answering(HttpStatus status) {
		return (exchange) -> {
			exchange.getResponse().setStatusCode(status);
			return exchange.getResponse().setComplete();
		};
	}

	private static ServerWebExchange get(StaticApplicationContext context) {
		return MockServerWebExchange.builder(MockServerHttpRequest.get("/hello")).applicationContext(context).build();
	}

}
