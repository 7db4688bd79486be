package dev.tandem.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

@ExtendWith(OutputCaptureExtension.class)
class BadPropertyStartupTests {

	@Test
	void shouldReportABadNodePropertyWithItsSentenceAlone(CapturedOutput output) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(
				NodePropertiesTests.PropertiesConfiguration.class)
			.web(WebApplicationType.NONE);

		assertThatException().isThrownBy(() -> application.run("--tandem.node.cluster.port=70000"));

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(String.format("Description:%n%ntandem.node.cluster.port must be between 1 and 65535, "
					+ "but was 70000.%n%nAction:%n%nCorrect that property"))
			.doesNotContain("Failed to bind properties");
	}

	@Test
	void shouldReportAShortRestartTokenWithItsSentenceAloneAndNeverTheToken(CapturedOutput output) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(RestartPropertiesConfiguration.class)
			.web(WebApplicationType.NONE);

		assertThatException().isThrownBy(() -> application.run("--tandem.node.restart.token=guessable"));

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(String.format("Description:%n%ntandem.node.restart.token must be at least 16 characters long, "
					+ "but has 9.%n%nAction:%n%nCorrect that property"))
			.doesNotContain("guessable");
	}

	@Test
	void shouldLeaveOtherBindFailuresToBoot(CapturedOutput output) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(
				NodePropertiesTests.PropertiesConfiguration.class)
			.web(WebApplicationType.NONE);

		assertThatException().isThrownBy(() -> application.run("--tandem.node.cluster.port=many"));

		// A value of the wrong type is a conversion failure, which Boot reports well.
		assertThat(output).contains("Failed to bind properties under 'tandem.node.cluster.port'");
	}

	@EnableConfigurationProperties(RestartProperties.class)
	static class RestartPropertiesConfiguration {

	}

}
