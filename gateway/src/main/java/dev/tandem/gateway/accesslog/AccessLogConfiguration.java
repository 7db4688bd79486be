package dev.tandem.gateway.accesslog;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The access log, only when {@code tandem.gateway.access-log.enabled} is true: the file,
 * opened at start-up (a path that cannot be written fails start-up) and closed as the
 * context closes, after the web server has stopped, so the last requests of a graceful
 * stop are in it; and the filter that writes each request's line.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessLogProperties.class)
class AccessLogConfiguration {

	private static final String ENABLED = AccessLogProperties.PREFIX + ".enabled";

	@Bean(destroyMethod = "close")
	@ConditionalOnProperty(name = ENABLED, havingValue = "true")
	AccessLogFile accessLogFile(AccessLogProperties properties) {
		return new AccessLogFile(properties.path(), properties.maxFileSize(), properties.maxHistory(),
				AccessLogFile.SIZE_CHECK_INTERVAL);
	}

	@Bean
	@ConditionalOnProperty(name = ENABLED, havingValue = "true")
	AccessLogFilter accessLogFilter(ApplicationContext context, AccessLogFile file) {
		return new AccessLogFilter(context, file::write, Clock.systemDefaultZone());
	}

}
