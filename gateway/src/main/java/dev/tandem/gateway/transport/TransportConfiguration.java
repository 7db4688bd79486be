package dev.tandem.gateway.transport;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/** The start-up line naming the network transport. */
@Configuration(proxyBeanMethods = false)
class TransportConfiguration {

	@Bean
	TransportLog transportLog(ObjectProvider<ReactorResourceFactory> resources) {
		return new TransportLog(resources);
	}

}
