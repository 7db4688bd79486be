package dev.tandem.gateway.proxy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway passes addresses between the client and the members, bound from
 * {@code tandem.gateway.proxy}.
 *
 * @param reverseRewrite Rewrite a member's own address in Location, Content-Location and
 * Refresh to the address the client used, and drop a cookie Domain that names a member,
 * as httpd's ProxyPassReverse and nginx's proxy_redirect default do.
 * @param preserveHost Send the client's Host header to the member instead of the member's
 * own host and port, as httpd's ProxyPreserveHost On does.
 */
@ConfigurationProperties(ProxyProperties.PREFIX)
public record ProxyProperties(@DefaultValue("true") boolean reverseRewrite,
		@DefaultValue("false") boolean preserveHost) {

	static final String PREFIX = "tandem.gateway.proxy";

}
