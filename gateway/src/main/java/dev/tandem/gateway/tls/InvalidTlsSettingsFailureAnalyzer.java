package dev.tandem.gateway.tls;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports {@link InvalidTlsSettings} as its one sentence instead of a bean creation stack
 * trace. Registered in this module's {@code META-INF/spring.factories}.
 */
class InvalidTlsSettingsFailureAnalyzer extends AbstractFailureAnalyzer<InvalidTlsSettings> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidTlsSettings cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Correct that property (on the command line, in application.yml or as an environment variable) "
						+ "and start again.",
				cause);
	}

}
