package dev.tandem.gateway;

import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Tells a web filter once the gateway's answer to a request is settled, whoever gave it.
 * When the filters behind end in an error, the answer is not written yet (Spring's error
 * handler, outside every filter, turns the error into the 502, 503 or 504), so the
 * watcher is told when that answer is committed, and its status is set by then.
 */
public final class AnswerWatch {

	private AnswerWatch() {
	}

	/**
	 * Watch the rest of the chain.
	 * @param exchange the request and its answer
	 * @param rest the filters behind, run on the exchange
	 * @param watcher told once, when the answer is settled
	 * @return the rest of the chain, watched
	 */
	public static Mono<Void> watch(ServerWebExchange exchange, Mono<Void> rest, Watcher watcher) {
		// doOnError, not doFinally: it runs before the error handler downstream writes
		// the answer, so the commit hook is in place in time.
		return rest.doOnError((error) -> onceAnswered(exchange, error, watcher)).doFinally((signal) -> {
			if (signal != SignalType.ON_ERROR) {
				watcher.settled(exchange, status(exchange), null, signal == SignalType.CANCEL);
			}
		});
	}

	private static void onceAnswered(ServerWebExchange exchange, Throwable error, Watcher watcher) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			// Failed while the answer was under way (a member that broke off its body):
			// its status went out already.
			watcher.settled(exchange, status(exchange), error, false);
			return;
		}
		response.beforeCommit(() -> {
			watcher.settled(exchange, status(exchange), error, false);
			return Mono.empty();
		});
	}

	// Unset reads as 200, as the server sends it.
	private static int status(ServerWebExchange exchange) {
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		return (status != null) ? status.value() : 200;
	}

	/** What a web filter does once the answer is settled. */
	@FunctionalInterface
	public interface Watcher {

		/**
		 * The answer is settled.
		 * @param exchange the request and its answer
		 * @param status the answer's status
		 * @param error what the filters behind ended with, which Spring's error handler
		 * turned into the answer; {@code null} when they ended without one
		 * @param clientGone whether the client went away before the end
		 */
		void settled(ServerWebExchange exchange, int status, Throwable error, boolean clientGone);

	}

}
