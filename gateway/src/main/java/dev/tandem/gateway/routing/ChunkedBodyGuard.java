package dev.tandem.gateway.routing;

import dev.tandem.gateway.GatewayPipeline;
import dev.tandem.gateway.GatewayWebStage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * Keeps a chunked body that breaks off in a malformed chunk from reaching a member as if
 * it were complete. Chunked bodies are streamed, so the member already has the request's
 * head when Reactor Netty meets the bad chunk; Reactor Netty then answers 400 itself and
 * ends the body as if it had been read whole. This filter notices that ending (the client
 * was answered before the gateway wrote anything) and fails the body instead, which cuts
 * off the copy going to the member mid-body.
 */
class ChunkedBodyGuard implements GatewayWebStage {

	@Override
	public int getOrder() {
		return GatewayPipeline.CHUNKED_BODY_GUARD;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!exchange.getRequest().getHeaders().containsKey(HttpHeaders.TRANSFER_ENCODING)) {
			return chain.filter(exchange);
		}
		ServerHttpResponse response = exchange.getResponse();
		HttpServerResponse nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
		ServerHttpRequestDecorator guarded = new ServerHttpRequestDecorator(exchange.getRequest()) {

			@Override
			public Flux<DataBuffer> getBody() {
				return super.getBody().concatWith(Mono.defer(() -> answeredByReactorNetty(response, nativeResponse)
						? Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST)) : Mono.empty()));
			}

		};
		return chain.filter(exchange.mutate().request(guarded).build());
	}

	private static boolean answeredByReactorNetty(ServerHttpResponse response, HttpServerResponse nativeResponse) {
		// The gateway commits its response only once a member answers; headers sent
		// without that are Reactor Netty's own answer to a decoding failure.
		return nativeResponse.hasSentHeaders() && !response.isCommitted();
	}

}
