package dev.tandem.deploy;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Enables the container system tests only when a container engine answers. Otherwise
 * disables them with one line saying why, printed once per run: the problem
 * {@code deploy/container-engine.sh} reported (its
 * {@code TANDEM_CONTAINER_ENGINE_PROBLEM}), or that no engine was found.
 */
final class ContainerEngineCondition implements ExecutionCondition {

	private static volatile ConditionEvaluationResult result;

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		ConditionEvaluationResult evaluated = result;
		if (evaluated == null) {
			evaluated = evaluate();
		}
		return evaluated;
	}

	private static synchronized ConditionEvaluationResult evaluate() {
		if (result == null) {
			if (DockerClientFactory.instance().isDockerAvailable()) {
				result = ConditionEvaluationResult.enabled("a container engine answers");
			}
			else {
				String reason = "Container system tests skipped: " + problem();
				System.out.println(reason);
				result = ConditionEvaluationResult.disabled(reason);
			}
		}
		return result;
	}

	private static String problem() {
		String reported = System.getenv("TANDEM_CONTAINER_ENGINE_PROBLEM");
		if (reported != null && !reported.isBlank()) {
			return reported;
		}
		return "no container engine answers (DOCKER_HOST=" + System.getenv("DOCKER_HOST")
				+ "); start Docker, or on Linux as root run eval \"$(deploy/container-engine.sh)\" first.";
	}

}
