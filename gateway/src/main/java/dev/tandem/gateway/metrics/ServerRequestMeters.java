package dev.tandem.gateway.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.tandem.gateway.AnswerWatch;
import dev.tandem.gateway.GatewayPipeline;
import dev.tandem.gateway.GatewayWebStage;
import dev.tandem.gateway.meters.ExceptionTag;
import dev.tandem.gateway.meters.HttpOutcome;
import dev.tandem.gateway.meters.TimersByMethodAndStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * Spring Boot's {@code http.server.requests} timer for the public port, with the tags
 * Spring's observation of each request gives it ({@code error}, {@code exception},
 * {@code method}, {@code outcome}, {@code status}, {@code uri}), recorded without an
 * observation: the timer of an answer without error is found by its method and status,
 * and the gateway's routes have no path pattern, so {@code uri} follows the status
 * ({@code REDIRECTION}, {@code NOT_FOUND} or {@code UNKNOWN}) as it does in Spring's. A
 * client gone before the end counts with status and outcome {@code UNKNOWN}. The
 * management port keeps Spring's observation: this stage steps aside in its context.
 */
final class ServerRequestMeters implements GatewayWebStage {

	static final String NAME = "http.server.requests";

	private static final String NONE = "none";

	private final ApplicationContext publicContext;

	private final MeterRegistry registry;

	private final TimersByMethodAndStatus answered;

	/** Errors and clients gone: rare. */
	private final Map<Tags, Timer> others = new ConcurrentHashMap<>();

	ServerRequestMeters(ApplicationContext publicContext, MeterRegistry registry) {
		this.publicContext = publicContext;
		this.registry = registry;
		this.answered = new TimersByMethodAndStatus((method,
				status) -> timer(tags(NONE, method, HttpOutcome.of(status), String.valueOf(status), uri(status))));
	}

	@Override
	public int getOrder() {
		return GatewayPipeline.SERVER_REQUEST_METRICS;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (exchange.getApplicationContext() != this.publicContext) {
			return chain.filter(exchange);
		}
		long started = System.nanoTime();
		return AnswerWatch.watch(exchange, chain.filter(exchange), (answer, status, error, clientGone) -> record(answer,
				status, error, clientGone, System.nanoTime() - started));
	}

	private void record(ServerWebExchange exchange, int status, Throwable error, boolean clientGone, long nanos) {
		if (error == null && !clientGone) {
			this.answered.of(exchange.getRequest().getMethod(), status).record(nanos, TimeUnit.NANOSECONDS);
			return;
		}
		String method = exchange.getRequest().getMethod().name();
		Tags tags = clientGone ? tags(NONE, method, HttpOutcome.UNKNOWN, HttpOutcome.UNKNOWN, uri(status))
				: tags(ExceptionTag.of(error), method, HttpOutcome.of(status), String.valueOf(status), uri(status));
		this.others.computeIfAbsent(tags, this::timer).record(nanos, TimeUnit.NANOSECONDS);
	}

	private Timer timer(Tags tags) {
		return Timer.builder(NAME).tags(tags).register(this.registry);
	}

	// The error tag is Micrometer's, the others the observation convention's.
	private static Tags tags(String exception, String method, String outcome, String status, String uri) {
		return Tags.of("error", exception, "exception", exception, "method", method, "outcome", outcome, "status",
				status, "uri", uri);
	}

	private static String uri(int status) {
		if (status >= 300 && status < 400) {
			return "REDIRECTION";
		}
		return (status == 404) ? "NOT_FOUND" : HttpOutcome.UNKNOWN;
	}

}
