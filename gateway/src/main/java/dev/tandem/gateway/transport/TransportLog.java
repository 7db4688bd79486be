package dev.tandem.gateway.transport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.netty.resources.LoopResources;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Logs, once the gateway is ready, the network transport its server runs on, so that a
 * look at the start-up log says whether a machine got native epoll or fell back to NIO.
 */
class TransportLog implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(TransportLog.class);

	private final ObjectProvider<ReactorResourceFactory> resources;

	TransportLog(ObjectProvider<ReactorResourceFactory> resources) {
		this.resources = resources;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		// A context without a Netty server (a mock web environment) has nothing to say.
		this.resources.ifAvailable((factory) -> logger
			.info(NettyTransport.of(factory.getLoopResources(), LoopResources.DEFAULT_NATIVE).describe()));
	}

}
