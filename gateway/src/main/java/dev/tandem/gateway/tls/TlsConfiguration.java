package dev.tandem.gateway.tls;

import dev.tandem.shared.InvalidSettings;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.server.Ssl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The redirect port and the HSTS header, each only when its property is set. HTTPS itself
 * is Spring Boot's: {@code server.ssl.bundle} naming a {@code spring.ssl.bundle.pem}
 * bundle.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TlsProperties.class)
class TlsConfiguration {

	@Bean
	@ConditionalOnProperty(prefix = TlsProperties.PREFIX, name = "hsts")
	HstsFilter hstsFilter(TlsProperties tls) {
		return new HstsFilter(tls.hsts());
	}

	@Bean
	@ConditionalOnProperty(prefix = TlsProperties.PREFIX, name = "redirect-port")
	RedirectPortServer redirectPortServer(TlsProperties tls, ServerProperties server,
			WebServerApplicationContext context) {
		int port = tls.redirectPort();
		if (server.getPort() != null && server.getPort() == port) {
			throw new InvalidSettings(TlsProperties.PREFIX + ".redirect-port is " + port
					+ ", the public port (server.port) itself; choose another port, such as 80.");
		}
		if (!Ssl.isEnabled(server.getSsl())) {
			throw new InvalidSettings(TlsProperties.PREFIX + ".redirect-port is set, but the public port does not "
					+ "serve HTTPS; set server.ssl.bundle (see docs/tls.md) or unset " + TlsProperties.PREFIX
					+ ".redirect-port.");
		}
		return new RedirectPortServer(context, server.getAddress(), port);
	}

}
