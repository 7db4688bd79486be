package dev.tandem.shared;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports {@link InvalidSettings} as its one sentence instead of a bean creation stack
 * trace. Registered for both apps through this jar's {@code META-INF/spring.factories}.
 */
class InvalidSettingsFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettings> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettings cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Correct that property (on the command line, in application.yml or as an environment variable) "
						+ "and start again.",
				cause);
	}

}
