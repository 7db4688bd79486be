package dev.tandem.gateway.routing;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;

/**
 * A request body as failover sees it: can it be sent to another member after an attempt
 * failed? A body whose declared length is within the limit is buffered in memory before
 * the first attempt, using Spring Cloud Gateway's cached body (its
 * {@code RemoveCachedBodyFilter} releases the buffer when the exchange ends). A longer or
 * chunked body is streamed from the client and never held whole, so it can be sent again
 * only while no attempt has started reading it, as when every connect so far failed.
 */
final class ReplayableBody {

	private enum Kind {

		/** No body declared; replayable unless bytes turn up after all. */
		EMPTY,

		/** Held in memory, each attempt sends a fresh view of it. */
		BUFFERED,

		/** Passed through once; replayable only while unread. */
		STREAMED

	}

	private final Kind kind;

	/** For STREAMED: an attempt subscribed to the body. For EMPTY: a byte arrived. */
	private final AtomicBoolean consumed = new AtomicBoolean();

	private final AtomicBoolean subscribed = new AtomicBoolean();

	private ReplayableBody(Kind kind) {
		this.kind = kind;
	}

	/**
	 * Prepare the request's body for failover, then run the attempts with an exchange
	 * whose request body reads as decided here.
	 * @param exchange the exchange as received
	 * @param maxBodySize the largest declared length that is buffered
	 * @param attempts the attempts, given the prepared exchange and its body
	 * @return the outcome of the attempts
	 */
	static Mono<Void> prepare(ServerWebExchange exchange, DataSize maxBodySize,
			BiFunction<ServerWebExchange, ReplayableBody, Mono<Void>> attempts) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		long length = headers.getContentLength();
		// With Transfer-Encoding the length is unknown until the body has been read, and
		// any Content-Length beside it is void (RFC 9112, 6.3).
		boolean chunked = headers.containsKey(HttpHeaders.TRANSFER_ENCODING);
		if (!chunked && length <= 0) {
			ReplayableBody body = new ReplayableBody(Kind.EMPTY);
			return attempts.apply(body.decorate(exchange), body);
		}
		if (!chunked && length <= maxBodySize.toBytes()) {
			ReplayableBody body = new ReplayableBody(Kind.BUFFERED);
			return ServerWebExchangeUtils.cacheRequestBody(exchange,
					(request) -> attempts.apply(withRequest(exchange, request), body));
		}
		ReplayableBody body = new ReplayableBody(Kind.STREAMED);
		return attempts.apply(body.decorate(exchange), body);
	}

	/**
	 * Whether the next attempt can send the whole body again.
	 * @return {@code true} for a buffered body, an empty one, or a streamed one that no
	 * attempt has started reading
	 */
	boolean canBeSentAgain() {
		return this.kind == Kind.BUFFERED || !this.consumed.get();
	}

	private ServerWebExchange decorate(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		return withRequest(exchange, new ServerHttpRequestDecorator(request) {

			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.defer(() -> body(request));
			}

		});
	}

	private Flux<DataBuffer> body(ServerHttpRequest request) {
		if (this.kind == Kind.STREAMED) {
			// Reactor Netty allows one subscriber per inbound body; a later attempt is
			// only made while this flag is still false.
			return request.getBody().doOnSubscribe((subscription) -> this.consumed.set(true));
		}
		// Declared empty: the first attempt reads the real (empty) body so nothing is
		// left unread on the connection; later attempts send nothing. Should bytes arrive
		// anyway, the body counts as consumed and is never replayed.
		if (this.subscribed.compareAndSet(false, true)) {
			return request.getBody().doOnNext((buffer) -> this.consumed.set(true));
		}
		return Flux.empty();
	}

	private static ServerWebExchange withRequest(ServerWebExchange exchange, ServerHttpRequest request) {
		return (request != exchange.getRequest()) ? exchange.mutate().request(request).build() : exchange;
	}

}
