package dev.tandem.deploy.debian;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Enables the lintian check when lintian is installed. Without it the check is skipped
 * with one line saying so, unless {@value #REQUIRE} is {@code 1} (CI sets it): then it
 * fails, so CI never skips it silently.
 */
final class LintianCondition implements ExecutionCondition {

	static final String REQUIRE = "TANDEM_REQUIRE_LINTIAN";

	static final Path LINTIAN = Path.of("/usr/bin/lintian");

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if (Files.isExecutable(LINTIAN)) {
			return ConditionEvaluationResult.enabled("lintian is installed");
		}
		String missing = "The Debian package check needs " + LINTIAN + " (Debian package lintian)";
		if ("1".equals(System.getenv(REQUIRE))) {
			throw new IllegalStateException(missing + ", and " + REQUIRE + "=1 requires it.");
		}
		String reason = "Lintian check skipped: " + missing + ".";
		System.out.println(reason);
		return ConditionEvaluationResult.disabled(reason);
	}

}
