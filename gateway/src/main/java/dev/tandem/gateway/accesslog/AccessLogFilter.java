package dev.tandem.gateway.accesslog;

import java.time.Clock;
import java.util.function.Consumer;

import dev.tandem.gateway.GatewayPipeline;
import dev.tandem.gateway.AnswerWatch;
import dev.tandem.gateway.GatewayWebStage;
import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * Writes one {@link AccessLogLine} per request to the public port, once it has been
 * answered: first of the web filters, so the answers of the guards behind it are logged
 * too. When the chain ends in an error, the answer is not written yet (Spring's error
 * handler, outside every filter, turns the error into the 502, 503 or 504), so the line
 * waits until that answer is committed and carries its status. A client that goes away
 * before its answer started is logged with status 499, as nginx does. The management
 * port's requests pass unlogged: Tandem's web stages run on the management port too, and
 * this one steps aside there.
 */
final class AccessLogFilter implements GatewayWebStage {

	/** nginx's status for a request whose client closed the connection first. */
	static final int CLIENT_CLOSED_REQUEST = 499;

	private final ApplicationContext publicContext;

	private final Consumer<String> lines;

	private final Clock clock;

	private final CommonLogTime time;

	/**
	 * The filter for the public port.
	 * @param publicContext the public port's context; exchanges of any other are not
	 * logged
	 * @param lines where each line goes (the access log file)
	 * @param clock the wall clock, for the time a request arrived
	 */
	AccessLogFilter(ApplicationContext publicContext, Consumer<String> lines, Clock clock) {
		this.publicContext = publicContext;
		this.lines = lines;
		this.clock = clock;
		this.time = new CommonLogTime(clock.getZone());
	}

	@Override
	public int getOrder() {
		return GatewayPipeline.ACCESS_LOG;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (exchange.getApplicationContext() != this.publicContext) {
			return chain.filter(exchange);
		}
		long arrived = this.clock.millis();
		long started = System.nanoTime();
		return AnswerWatch.watch(exchange, chain.filter(exchange),
				(answered, status, error, clientGone) -> log(answered, status, arrived, started, clientGone));
	}

	private void log(ServerWebExchange exchange, int answered, long arrived, long started, boolean cancelled) {
		int status = (cancelled && !exchange.getResponse().isCommitted()) ? CLIENT_CLOSED_REQUEST : answered;
		this.lines.accept(AccessLogLine.of(exchange, this.time.format(arrived), status, System.nanoTime() - started));
	}

}
