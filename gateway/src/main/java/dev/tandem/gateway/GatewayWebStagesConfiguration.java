package dev.tandem.gateway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one web filter that runs every {@link GatewayWebStage} the features configure.
 */
@Configuration(proxyBeanMethods = false)
class GatewayWebStagesConfiguration {

	@Bean
	GatewayWebStages gatewayWebStages(ObjectProvider<GatewayWebStage> stages) {
		return new GatewayWebStages(stages.stream().toList());
	}

}
