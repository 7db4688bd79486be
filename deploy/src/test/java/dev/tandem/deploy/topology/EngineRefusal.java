package dev.tandem.deploy.topology;

import com.github.dockerjava.api.exception.DockerException;

/**
 * A container engine that refuses a request it normally serves (podman's API answering
 * {@code 500 "write child: broken pipe"} to a container start, seen once in CI) is the
 * machine's fault, not the scenario's: the action is tried once more, and said so. A
 * failure of our own (a jar that never gets ready) is not an engine refusal and is never
 * retried.
 */
final class EngineRefusal {

	private EngineRefusal() {
	}

	/**
	 * Run the action; when the engine refuses it, undo with {@code cleanup} and run it
	 * once more.
	 */
	static void retryOnce(String what, Runnable action, Runnable cleanup) {
		try {
			action.run();
		}
		catch (RuntimeException ex) {
			DockerException refusal = refusal(ex);
			if (refusal == null) {
				throw ex;
			}
			System.out.printf("container engine refused to %s (%s); trying once more%n", what,
					refusal.getMessage().strip());
			cleanup.run();
			action.run();
		}
	}

	private static DockerException refusal(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DockerException refusal) {
				return refusal;
			}
		}
		return null;
	}

}
