package dev.tandem.node;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports a bad {@code tandem.node.*} value with the one sentence its check wrote, which
 * names the property, instead of Boot's generic bind report that buries it behind the
 * record's class name and the exception type.
 */
class NodePropertiesFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		Class<?> target = cause.getTarget().getType().resolve();
		if (target == null || !isNodeProperties(target)) {
			return null;
		}
		IllegalArgumentException invalid = findCause(cause, IllegalArgumentException.class);
		if (invalid == null || invalid.getMessage() == null) {
			return null;
		}
		return new FailureAnalysis(invalid.getMessage(),
				"Correct that property (on the command line, in application.yml or as an environment "
						+ "variable) and start the node again.",
				cause);
	}

	private static boolean isNodeProperties(Class<?> type) {
		return type == NodeProperties.class || type.getEnclosingClass() == NodeProperties.class;
	}

	@Override
	public int getOrder() {
		// Ahead of Boot's BindFailureAnalyzer, which would otherwise claim the failure.
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
