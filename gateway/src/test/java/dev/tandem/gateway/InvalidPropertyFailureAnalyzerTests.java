package dev.tandem.gateway;

import dev.tandem.gateway.balancing.MemberProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

@ExtendWith(OutputCaptureExtension.class)
class InvalidPropertyFailureAnalyzerTests {

	@Test
	void shouldDescribeAFailedCheckWithItsSentenceAlone() {
		new ApplicationContextRunner().withUserConfiguration(MembersConfiguration.class)
			.withPropertyValues("tandem.gateway.members[0].id=was1")
			.run((context) -> {
				FailureAnalysis analysis = new InvalidPropertyFailureAnalyzer().analyze(context.getStartupFailure());

				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription())
					.isEqualTo("tandem.gateway.members[0].uri is required, for example http://127.0.0.1:8081.");
			});
	}

	@Test
	void shouldLeaveConversionFailuresToBoot() {
		new ApplicationContextRunner().withUserConfiguration(MembersConfiguration.class)
			.withPropertyValues("tandem.gateway.members[0].id=was1",
					"tandem.gateway.members[0].uri=http://127.0.0.1:8081", "tandem.gateway.members[0].weight=heavy")
			.run((context) -> assertThat(new InvalidPropertyFailureAnalyzer().analyze(context.getStartupFailure()))
				.isNull());
	}

	@Test
	void shouldReportTheSentenceWhenTheGatewayCannotStart(CapturedOutput output) {
		SpringApplicationBuilder gateway = new SpringApplicationBuilder(GatewayApplication.class).properties(
				"server.port=0", "management.server.port=0", "tandem.gateway.members[0].id=was1",
				"tandem.gateway.members[0].uri=was1.local:8080");

		assertThatException().isThrownBy(gateway::run);

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(String.format("Description:%n%ntandem.gateway.members[0].uri must be an absolute http:// "
					+ "or https:// address with a host and nothing after the port, such as "
					+ "http://192.168.1.21:8080, but was 'was1.local:8080'.%n"));
	}

	@EnableConfigurationProperties(MemberProperties.class)
	static class MembersConfiguration {

	}

}
