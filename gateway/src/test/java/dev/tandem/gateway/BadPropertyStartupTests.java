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

	@Test
	void shouldReportTheSentenceForAMembersExpectedStatus(CapturedOutput output) {
		SpringApplicationBuilder gateway = new SpringApplicationBuilder(GatewayApplication.class).properties(
				"server.port=0", "management.server.port=0", "tandem.gateway.members[0].id=tomcat1",
				"tandem.gateway.members[0].uri=http://127.0.0.1:8080",
				"tandem.gateway.members[0].health.expected-status=2xx or 302");

		assertThatException().isThrownBy(gateway::run);

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(String.format("Description:%n%ntandem.gateway.members[0].health.expected-status must be a "
					+ "status, a class or a range between 100 and 599, or a comma-separated list of them, such as "
					+ "200, 2xx, 200-399 or 200,302, but was '2xx or 302'.%n%nAction:%n%nCorrect that property"))
			.doesNotContain("Failed to bind properties");
	}

	@Test
	void shouldReportTheSentenceForAMembersHealthType(CapturedOutput output) {
		SpringApplicationBuilder gateway = new SpringApplicationBuilder(GatewayApplication.class).properties(
				"server.port=0", "management.server.port=0", "tandem.gateway.members[0].id=tomcat1",
				"tandem.gateway.members[0].uri=http://127.0.0.1:8080", "tandem.gateway.members[0].health.type=ajp");

		assertThatException().isThrownBy(gateway::run);

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(String.format("Description:%n%ntandem.gateway.members[0].health.type must be http or tcp, "
					+ "but was 'ajp'.%n%nAction:%n%nCorrect that property"));
	}

}
