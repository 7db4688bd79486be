package dev.tandem.gateway.tls;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Tandem's additions to HTTPS on the public port, bound from {@code tandem.gateway.tls};
 * the certificate itself is Spring Boot's {@code server.ssl.bundle}. Start-up fails with
 * one sentence naming the property when a value cannot be right on its own.
 *
 * @param redirectPort Plain-HTTP port whose every request is redirected (301 for GET and
 * HEAD, 308 otherwise) to the same path on the HTTPS public port; unset, no such port.
 * @param hsts Value of the Strict-Transport-Security header added to every HTTPS answer,
 * such as max-age=31536000; unset, none is added.
 */
@ConfigurationProperties(TlsProperties.PREFIX)
record TlsProperties(Integer redirectPort, String hsts) {

	static final String PREFIX = "tandem.gateway.tls";

	private static final int MAX_PORT = 65535;

	TlsProperties {
		if (redirectPort != null && (redirectPort < 1 || redirectPort > MAX_PORT)) {
			throw new IllegalArgumentException(PREFIX + ".redirect-port must be a port from 1 to 65535, such as 80, "
					+ "but was " + redirectPort + ".");
		}
		if (hsts != null) {
			hsts = hsts.trim();
			if (!hsts.regionMatches(true, 0, "max-age=", 0, 8) || hsts.indexOf('\n') >= 0 || hsts.indexOf('\r') >= 0) {
				throw new IllegalArgumentException(PREFIX + ".hsts must start with max-age=, such as "
						+ "max-age=31536000 or max-age=31536000; includeSubDomains, but was '" + hsts + "'.");
			}
		}
	}

}
