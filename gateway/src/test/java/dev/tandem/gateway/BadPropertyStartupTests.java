package dev.tandem.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

@ExtendWith(OutputCaptureExtension.class)
class BadPropertyStartupTests {

	@Test
	void shouldReportTheSentenceWhenTheGatewayCannotStart(CapturedOutput output) {
		SpringApplicationBuilder gateway = new SpringApplicationBuilder(GatewayApplication.class).properties(
				"server.port=0", "management.server.port=0", "tandem.gateway.members[0].id=was1",
				"tandem.gateway.members[0].uri=was1.local:8080");

		assertThatException().isThrownBy(gateway::run);

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(String.format("Description:%n%ntandem.gateway.members[0].uri must be an absolute http:// "
					+ "or https:// address with a host and nothing after the port, such as "
					+ "http://192.168.1.21:8080, but was 'was1.local:8080'.%n%nAction:%n%nCorrect that property"))
			.doesNotContain("Failed to bind properties");
	}

}
