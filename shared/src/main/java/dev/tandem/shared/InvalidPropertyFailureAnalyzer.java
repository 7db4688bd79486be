package dev.tandem.shared;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionFailedException;

/**
 * Puts the one sentence first when a {@code tandem.*} property fails the check in its
 * record's constructor, which names the property; Boot's own bind report would bury it
 * behind the record's class name and the exception type. Conversion failures (a port that
 * is not a number) are left to Boot, whose report already names the property and value.
 * Registered for both apps through this jar's {@code META-INF/spring.factories}.
 */
class InvalidPropertyFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		if (!cause.getName().toString().startsWith("tandem.")
				|| findCause(cause, ConversionFailedException.class) != null) {
			return null;
		}
		IllegalArgumentException invalid = findCause(cause, IllegalArgumentException.class);
		// Only our checks throw a plain IllegalArgumentException; subclasses such as
		// NumberFormatException come from conversion.
		if (invalid == null || invalid.getClass() != IllegalArgumentException.class || invalid.getMessage() == null) {
			return null;
		}
		return new FailureAnalysis(invalid.getMessage(),
				"Correct that property (on the command line, in application.yml or as an environment variable) "
						+ "and start again.",
				cause);
	}

	@Override
	public int getOrder() {
		// Ahead of Boot's BindFailureAnalyzer, which would otherwise claim the failure.
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
