package dev.tandem.gateway.routing;

import java.time.Duration;

import reactor.netty.http.server.HttpServer;

import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;

/**
 * Bounds how long a client may take to send a request body: Reactor Netty's
 * {@code readTimeout} is armed once a request's headers are in and closes the connection
 * when the body pauses for longer than {@code tandem.gateway.request.body-timeout}. The
 * wait for the headers themselves is Boot's {@code server.netty.idle-timeout}, which
 * Reactor Netty applies until a whole request head has been decoded.
 */
class RequestTimeoutsCustomizer implements NettyServerCustomizer {

	private final Duration bodyTimeout;

	RequestTimeoutsCustomizer(Duration bodyTimeout) {
		this.bodyTimeout = bodyTimeout;
	}

	@Override
	public HttpServer apply(HttpServer server) {
		return server.readTimeout(this.bodyTimeout);
	}

}
