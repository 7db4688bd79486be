package dev.tandem.deploy.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A compose file as the container system tests read it: each service's environment,
 * build, published container ports and health check URL, with the variables the test
 * gives interpolated (a user's {@code .env}). The project's {@code deploy/compose.yaml}
 * is where the topology's containers are defined; the tests start them with
 * Testcontainers for the faults they inject, from what this reads.
 */
public final class ComposeFile {

	private final Path directory;

	private final Map<String, Object> services;

	private ComposeFile(Path directory, Map<String, Object> services) {
		this.directory = directory;
		this.services = services;
	}

	/**
	 * Read a compose file.
	 * @param file the file; relative paths in it are resolved against its folder
	 * @param variables the variables set for compose (as in an {@code .env} file)
	 * @return the file's services
	 */
	public static ComposeFile read(Path file, Map<String, String> variables) {
		try {
			return parse(Files.readString(file), file.toAbsolutePath().getParent(), variables);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + file, ex);
		}
	}

	/**
	 * Parse compose YAML, e.g. what {@code docker-compose config} printed.
	 * @param yaml the YAML text
	 * @param directory what relative paths in it are resolved against
	 * @param variables the variables set for compose
	 * @return its services
	 */
	public static ComposeFile parse(String yaml, Path directory, Map<String, String> variables) {
		Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
		Object interpolated = interpolate(document, new ComposeVariables(variables));
		Map<String, Object> services = map(map(interpolated, "the file").get("services"), "services");
		return new ComposeFile(directory, services);
	}

	/** The names of its services, in the file's order. */
	public List<String> serviceNames() {
		return List.copyOf(this.services.keySet());
	}

	/** One service; fails naming the services there are when it is not in the file. */
	public ComposeService service(String name) {
		Object definition = this.services.get(name);
		if (definition == null) {
			throw new IllegalArgumentException("no service " + name + " in the compose file, only " + serviceNames());
		}
		Map<String, Object> service = map(definition, name);
		return new ComposeService(name, environment(service.get("environment")), build(service.get("build"), name),
				healthCheck(service.get("healthcheck"), name), containerPorts(service.get("ports")));
	}

	/**
	 * The raw value of one key of a service (null when absent), e.g.
	 * {@code network_mode}.
	 */
	public Object serviceValue(String name, String key) {
		return map(this.services.get(name), name).get(key);
	}

	private static Map<String, String> environment(Object value) {
		Map<String, String> environment = new LinkedHashMap<>();
		if (value instanceof Map<?, ?> entries) {
			entries.forEach((key, entry) -> environment.put(key.toString(), (entry != null) ? entry.toString() : ""));
		}
		else if (value instanceof List<?> lines) {
			for (Object line : lines) {
				String text = line.toString();
				int equals = text.indexOf('=');
				environment.put((equals < 0) ? text : text.substring(0, equals),
						(equals < 0) ? "" : text.substring(equals + 1));
			}
		}
		return environment;
	}

	private ComposeService.Build build(Object value, String service) {
		if (value == null) {
			return null;
		}
		Map<String, Object> build = map(value, service + ".build");
		Path context = this.directory.resolve(build.get("context").toString()).normalize();
		Object dockerfile = build.getOrDefault("dockerfile", "Dockerfile");
		Path containerfile = context.resolve(dockerfile.toString()).normalize();
		return new ComposeService.Build(context, containerfile, environment(build.get("args")));
	}

	private static URI healthCheck(Object value, String service) {
		if (value == null) {
			return null;
		}
		Object test = map(value, service + ".healthcheck").get("test");
		List<?> words = (test instanceof List<?> list) ? list : List.of(test.toString().split("\\s+"));
		return words.stream()
			.map(Object::toString)
			.filter((word) -> word.startsWith("http://"))
			.findFirst()
			.map(URI::create)
			.orElseThrow(() -> new IllegalArgumentException(
					"the health check of " + service + " asks no http:// URL: " + test));
	}

	private static List<Integer> containerPorts(Object value) {
		List<Integer> ports = new ArrayList<>();
		if (value instanceof List<?> entries) {
			for (Object entry : entries) {
				String target = (entry instanceof Map<?, ?> port) ? port.get("target").toString() : entry.toString();
				target = target.substring(target.lastIndexOf(':') + 1).replaceFirst("/.*", "");
				ports.add(Integer.parseInt(target));
			}
		}
		return ports;
	}

	private static Object interpolate(Object value, ComposeVariables variables) {
		if (value instanceof String text) {
			return variables.interpolate(text);
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> result = new LinkedHashMap<>();
			map.forEach((key, entry) -> result.put(key.toString(), interpolate(entry, variables)));
			return result;
		}
		if (value instanceof List<?> list) {
			return list.stream().map((entry) -> interpolate(entry, variables)).toList();
		}
		return value;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value, String what) {
		if (!(value instanceof Map<?, ?>)) {
			throw new IllegalArgumentException(what + " in the compose file is not a mapping");
		}
		return (Map<String, Object>) value;
	}

}
