package dev.tandem.session;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@code tandem.node.cluster.interface} that is not this machine's address with
 * {@link BindAddressCheck}'s one sentence, instead of the chain of bean creation failures
 * it surfaces through. Registered in this jar's {@code META-INF/spring.factories}.
 */
class BindAddressFailureAnalyzer extends AbstractFailureAnalyzer<BindAddressCheck.BindAddressException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindAddressCheck.BindAddressException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Correct that property (on the command line, in application.yml or as an environment variable) "
						+ "and start again.",
				cause);
	}

}
