package dev.tandem.deploy.metrics;

import java.nio.file.Files;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Enables the Prometheus tests when Debian's {@code prometheus} binary is installed.
 * Without it the tests are skipped with one line saying so, unless {@value #REQUIRE} is
 * {@code 1} (CI sets it): then they fail, so CI never skips them silently.
 */
final class PrometheusCondition implements ExecutionCondition {

	static final String REQUIRE = "TANDEM_REQUIRE_PROMETHEUS";

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if (Files.isExecutable(PrometheusServer.BINARY)) {
			return ConditionEvaluationResult.enabled("Prometheus is installed");
		}
		String missing = "Prometheus tests need " + PrometheusServer.BINARY + " (Debian package prometheus)";
		if ("1".equals(System.getenv(REQUIRE))) {
			throw new IllegalStateException(missing + ", and " + REQUIRE + "=1 requires it.");
		}
		String reason = "Prometheus tests skipped: " + missing + ".";
		System.out.println(reason);
		return ConditionEvaluationResult.disabled(reason);
	}

}
