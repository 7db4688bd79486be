package dev.tandem.gateway.shutdown;

import java.time.Duration;

import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's graceful stop beyond Spring Boot's own ({@code server.shutdown=graceful},
 * which stops accepting, waits for requests in flight and closes idle connections): every
 * client connection closed while draining closes lingering, so an answer that was
 * complete before the request body is never destroyed by a reset.
 */
@Configuration(proxyBeanMethods = false)
class ShutdownConfiguration {

	/** As nginx's {@code lingering_timeout}. */
	private static final Duration LINGERING_TIMEOUT = Duration.ofSeconds(5);

	@Bean
	LingeringConnections lingeringConnections() {
		return new LingeringConnections(LINGERING_TIMEOUT);
	}

	@Bean
	NettyServerCustomizer lingeringCloseCustomizer(LingeringConnections connections) {
		return (server) -> server.doOnChannelInit((observer, channel, remoteAddress) -> channel.pipeline()
			.addFirst(LingeringClose.NAME, new LingeringClose(connections)));
	}

}
