package dev.tandem.shared;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class InvalidPropertyFailureAnalyzerTests {

	private final InvalidPropertyFailureAnalyzer analyzer = new InvalidPropertyFailureAnalyzer();

	@Test
	void shouldDescribeAFailedCheckWithItsSentenceAlone() {
		FailureAnalysis analysis = this.analyzer.analyze(bindFailure("tandem.demo", "70000"));

		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).isEqualTo("tandem.demo.port must be between 1 and 65535, but was 70000.");
		assertThat(analysis.getAction()).startsWith("Correct that property");
	}

	@Test
	void shouldLeaveConversionFailuresToBoot() {
		assertThat(this.analyzer.analyze(bindFailure("tandem.demo", "many"))).isNull();
	}

	@Test
	void shouldLeaveOtherPrefixesToBoot() {
		assertThat(this.analyzer.analyze(bindFailure("other", "70000"))).isNull();
	}

	private static BindException bindFailure(String prefix, String port) {
		Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(prefix + ".port", port)));
		return catchThrowableOfType(BindException.class, () -> binder.bind(prefix, Bindable.of(DemoProperties.class)));
	}

	record DemoProperties(int port) {

		DemoProperties {
			if (port < 1 || port > 65535) {
				throw new IllegalArgumentException(
						"tandem.demo.port must be between 1 and 65535, but was " + port + ".");
			}
		}

	}

}
