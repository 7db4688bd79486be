package dev.tandem.deploy.dashboard;

import java.nio.file.Files;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Enables the browser tests when Chromium and chromedriver are installed. Without them
 * the tests are skipped with one line saying what is missing, unless {@value #REQUIRE} is
 * {@code 1} (CI sets it): then they fail, so CI never skips them silently.
 */
final class BrowserCondition implements ExecutionCondition {

	static final String REQUIRE = "TANDEM_REQUIRE_BROWSER";

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if (Files.isExecutable(Browser.CHROMIUM) && Files.isExecutable(Browser.CHROMEDRIVER)) {
			return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed");
		}
		String missing = "Browser tests need " + Browser.CHROMIUM + " and " + Browser.CHROMEDRIVER
				+ " (Debian packages chromium and chromium-driver)";
		if ("1".equals(System.getenv(REQUIRE))) {
			throw new IllegalStateException(missing + ", and " + REQUIRE + "=1 requires them.");
		}
		String reason = "Browser tests skipped: " + missing + ".";
		System.out.println(reason);
		return ConditionEvaluationResult.disabled(reason);
	}

}
