package dev.tandem.deploy.compose;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One service of a compose file, the parts a test builds its container from, with every
 * variable already interpolated.
 *
 * @param name the service's name
 * @param environment its environment, in the file's order
 * @param build how its image is built
 * @param healthCheck the URL its health check asks (inside the container)
 * @param containerPorts the container ports it publishes
 */
public record ComposeService(String name, Map<String, String> environment, Build build, URI healthCheck,
		List<Integer> containerPorts) {

	/**
	 * The service's environment with some of its values replaced and some variables
	 * added. A replaced variable must be in the file and an added one must not, so a test
	 * never silently replaces a setting the file no longer has, nor adds one it then
	 * shadows.
	 * @param replacing variables of the file given another value
	 * @param adding variables the file does not set
	 * @return the environment to start the container with
	 */
	public Map<String, String> environment(Map<String, String> replacing, Map<String, String> adding) {
		Set<String> unknown = new TreeSet<>(replacing.keySet());
		unknown.removeAll(this.environment.keySet());
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException(
					"service " + this.name + " of the compose file does not set " + unknown + " to replace");
		}
		Set<String> present = new TreeSet<>(adding.keySet());
		present.retainAll(this.environment.keySet());
		if (!present.isEmpty()) {
			throw new IllegalArgumentException(
					"service " + this.name + " of the compose file already sets " + present + "; replace it instead");
		}
		Map<String, String> result = new LinkedHashMap<>(this.environment);
		result.putAll(replacing);
		result.putAll(adding);
		return result;
	}

	/** The container port its health check asks. */
	public int healthPort() {
		return this.healthCheck.getPort();
	}

	/** The path its health check asks. */
	public String healthPath() {
		return this.healthCheck.getPath();
	}

	/**
	 * How a service's image is built.
	 *
	 * @param context the build context, absolute
	 * @param containerfile the container file, absolute
	 * @param args the build arguments
	 */
	public record Build(Path context, Path containerfile, Map<String, String> args) {

	}

}
