package dev.tandem.deploy.tomcat;

import java.io.File;
import java.util.Arrays;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Enables {@link TomcatMembersIT} only where its Tomcat image can be built as the other
 * local images are, with podman and debootstrap ({@code deploy/container-engine.sh}
 * installs both where it sets up podman; with Docker instead, there is neither).
 * Otherwise disables it with one line saying why, unless {@code TANDEM_REQUIRE_TOMCAT=1}
 * (CI) asks for it to run and fail.
 */
final class DebootstrapImageCondition implements ExecutionCondition {

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if ("1".equals(System.getenv("TANDEM_REQUIRE_TOMCAT"))) {
			return ConditionEvaluationResult.enabled("TANDEM_REQUIRE_TOMCAT=1: run, and fail if a tool is missing");
		}
		for (String tool : new String[] { "podman", "debootstrap" }) {
			if (!onPath(tool)) {
				String reason = "TomcatMembersIT skipped: it builds its Tomcat image with podman and debootstrap, "
						+ "and " + tool + " is not installed (deploy/container-engine.sh installs both).";
				System.out.println(reason);
				return ConditionEvaluationResult.disabled(reason);
			}
		}
		return ConditionEvaluationResult.enabled("podman and debootstrap are installed");
	}

	private static boolean onPath(String tool) {
		String path = System.getenv("PATH");
		return path != null
				&& Arrays.stream(path.split(File.pathSeparator))
					.anyMatch((folder) -> new File(folder, tool).canExecute())
				|| new File("/usr/sbin", tool).canExecute();
	}

}
