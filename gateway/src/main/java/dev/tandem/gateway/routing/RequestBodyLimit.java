package dev.tandem.gateway.routing;

import java.util.concurrent.atomic.AtomicLong;

import dev.tandem.gateway.GatewayPipeline;
import dev.tandem.gateway.GatewayWebStage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * Keeps request bodies within {@code tandem.gateway.request.max-body-size}: a request
 * that declares a longer {@code Content-Length} gets 413 before any byte of it is read
 * (so no {@code 100 Continue} is sent) or forwarded; a chunked body is counted as it
 * streams and fails with 413 once it passes the limit, which cuts off the copy going to
 * the member before it is complete.
 */
class RequestBodyLimit implements GatewayWebStage {

	private final long maxBytes;

	RequestBodyLimit(DataSize maxBodySize) {
		this.maxBytes = maxBodySize.toBytes();
	}

	@Override
	public int getOrder() {
		return GatewayPipeline.REQUEST_BODY_LIMIT;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		if (headers.getContentLength() > this.maxBytes) {
			ServerHttpResponse response = exchange.getResponse();
			response.setStatusCode(HttpStatus.PAYLOAD_TOO_LARGE);
			response.getHeaders().set(HttpHeaders.CONNECTION, "close");
			return response.setComplete();
		}
		if (!headers.containsKey(HttpHeaders.TRANSFER_ENCODING)) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate().request(counted(exchange.getRequest())).build());
	}

	private ServerHttpRequest counted(ServerHttpRequest request) {
		return new ServerHttpRequestDecorator(request) {

			@Override
			public Flux<DataBuffer> getBody() {
				AtomicLong total = new AtomicLong();
				return super.getBody().handle((buffer, sink) -> {
					if (total.addAndGet(buffer.readableByteCount()) > RequestBodyLimit.this.maxBytes) {
						DataBufferUtils.release(buffer);
						sink.error(new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE));
					}
					else {
						sink.next(buffer);
					}
				});
			}

		};
	}

}
