package dev.tandem.deploy.compose;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Enables the compose file tests when a compose tool is installed. Without one they are
 * skipped with one line saying what is missing, unless {@value #REQUIRE} is {@code 1} (CI
 * sets it): then they fail, so CI never skips them silently.
 */
final class ComposeToolCondition implements ExecutionCondition {

	static final String REQUIRE = "TANDEM_REQUIRE_COMPOSE";

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if (ComposeTool.find().isPresent()) {
			return ConditionEvaluationResult.enabled("a compose tool is installed");
		}
		String missing = "Compose file tests need 'docker compose' or 'docker-compose' (Debian package docker-compose)";
		if ("1".equals(System.getenv(REQUIRE))) {
			throw new IllegalStateException(missing + ", and " + REQUIRE + "=1 requires it.");
		}
		String reason = "Compose file tests skipped: " + missing + ".";
		System.out.println(reason);
		return ConditionEvaluationResult.disabled(reason);
	}

}
