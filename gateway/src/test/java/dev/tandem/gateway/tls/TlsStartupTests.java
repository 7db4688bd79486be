package dev.tandem.gateway.tls;

import dev.tandem.gateway.GatewayApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A redirect port that cannot work, or an HSTS value that is none, stops start-up with
 * one sentence naming the property.
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsStartupTests {

	@Test
	void shouldRefuseARedirectPortWithoutHttps(CapturedOutput output) {
		int redirectPort = TestSocketUtils.findAvailableTcpPort();

		assertThatException()
			.isThrownBy(() -> start("--server.port=0", "--tandem.gateway.tls.redirect-port=" + redirectPort));

		assertThat(output).contains(String.format("Description:%n%ntandem.gateway.tls.redirect-port is set, but the "
				+ "public port does not serve HTTPS; set server.ssl.bundle (see docs/tls.md) or unset "
				+ "tandem.gateway.tls.redirect-port.%n%nAction:%n%nCorrect that property"));
	}

	@Test
	void shouldRefuseARedirectPortThatIsThePublicPort(CapturedOutput output) {
		int port = TestSocketUtils.findAvailableTcpPort();

		assertThatException()
			.isThrownBy(() -> start("--server.port=" + port, "--tandem.gateway.tls.redirect-port=" + port));

		assertThat(output).contains(String.format("Description:%n%ntandem.gateway.tls.redirect-port is " + port
				+ ", the public port (server.port) itself; choose another port, such as 80.%n%nAction:"));
	}

	@Test
	void shouldRefuseAnHstsValueWithoutMaxAge(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("--server.port=0", "--tandem.gateway.tls.hsts=includeSubDomains"));

		assertThat(output).contains(String.format("Description:%n%ntandem.gateway.tls.hsts must start with max-age="));
	}

	/**
	 * Start with these command-line arguments, which override the jar's application.yml.
	 */
	private static void start(String... arguments) {
		new SpringApplicationBuilder(GatewayApplication.class)
			.properties("management.server.port=0", "tandem.gateway.health.enabled=false",
					"tandem.gateway.members[0].id=was1", "tandem.gateway.members[0].uri=http://127.0.0.1:9")
			.run(arguments)
			.close();
	}

}
