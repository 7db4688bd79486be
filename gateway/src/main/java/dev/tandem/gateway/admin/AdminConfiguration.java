package dev.tandem.gateway.admin;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * The management plane's beans in the gateway's main context: its properties, and what
 * changes members at runtime. The management port's web side (security, the API) lives in
 * that port's own context and uses these.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdminProperties.class)
class AdminConfiguration {

}
