package dev.tandem.deploy.topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;

import dev.tandem.deploy.compose.ComposeService;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The gateway and was-node images, built as {@code compose.yaml}'s services build them
 * (its container file, context and build arguments), once per test run and image name.
 * Only the jar the container file copies is sent from the context, not the whole
 * {@code target} folder. The base image is the compose variable
 * {@code TANDEM_CONTAINER_BASE_IMAGE}, from the environment (as
 * {@code deploy/container-engine.sh} exports it) or the system property
 * {@code tandem.container.base-image}; unset, compose.yaml's public JRE default.
 */
final class TandemImages {

	private static final Map<String, Future<String>> BUILT = new HashMap<>();

	private TandemImages() {
	}

	/**
	 * The image of a service, named {@code name}, with {@code jar} from the service's
	 * build context copied in.
	 */
	static synchronized Future<String> image(ComposeService service, String name, String jar) {
		return BUILT.computeIfAbsent(name, (key) -> build(service.build(), key, jar));
	}

	/**
	 * The compose variable naming the base image, when this run sets one, for
	 * {@link Topology}'s compose variables.
	 */
	static Map<String, String> baseImageVariable() {
		String image = System.getenv("TANDEM_CONTAINER_BASE_IMAGE");
		if (image == null || image.isBlank()) {
			image = System.getProperty("tandem.container.base-image");
		}
		return (image == null || image.isBlank()) ? Map.of() : Map.of("TANDEM_CONTAINER_BASE_IMAGE", image);
	}

	private static Future<String> build(ComposeService.Build build, String name, String jar) {
		Path jarFile = build.context().resolve(jar);
		if (!Files.isRegularFile(jarFile)) {
			throw new IllegalStateException(jarFile + " is missing: package the jars first (./mvnw verify)");
		}
		String containerfile = build.containerfile().getFileName().toString();
		// Named and kept: a rerun replaces it, and a run never builds the same image
		// twice (the ImageFromDockerfile future resolves once).
		ImageFromDockerfile image = new ImageFromDockerfile(name, false)
			.withFileFromPath(containerfile, build.containerfile())
			.withFileFromPath(jar, jarFile)
			.withDockerfilePath(containerfile);
		build.args().forEach(image::withBuildArg);
		return image;
	}

}
