package dev.tandem.gateway;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionFailedException;

/**
 * Puts the one-sentence reason first when a {@code tandem.*} property fails the checks in
 * its record's constructor. Boot's own bind report would bury that sentence behind the
 * binding target and an exception class name; conversion failures (a weight that is not a
 * number) are left to Boot, whose report already names the property and value.
 */
class InvalidPropertyFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		IllegalArgumentException invalid = findCause(cause, IllegalArgumentException.class);
		boolean checkFailed = invalid != null && invalid.getClass() == IllegalArgumentException.class
				&& invalid.getMessage() != null && findCause(cause, ConversionFailedException.class) == null;
		if (!checkFailed || !cause.getName().toString().startsWith("tandem.")) {
			return null;
		}
		return new FailureAnalysis(invalid.getMessage(),
				"Correct that property (on the command line, in application.yml or as an environment variable) "
						+ "and start again.",
				cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
