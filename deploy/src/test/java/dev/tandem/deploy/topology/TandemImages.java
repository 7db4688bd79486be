package dev.tandem.deploy.topology;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.Future;

import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The gateway and was-node images, built from the container files in
 * {@code deploy/container/} with the fat jars copied in, once per test run. The base
 * image is {@code TANDEM_CONTAINER_BASE_IMAGE} (or the system property
 * {@code tandem.container.base-image}), else the container files' public JRE default.
 */
final class TandemImages {

	private static Future<String> gateway;

	private static Future<String> wasNode;

	private TandemImages() {
	}

	static synchronized Future<String> gateway() {
		if (gateway == null) {
			gateway = build("localhost/tandem-gateway:it", "gateway.Containerfile", "gateway.jar",
					"tandem.gateway.jar");
		}
		return gateway;
	}

	static synchronized Future<String> wasNode() {
		if (wasNode == null) {
			wasNode = build("localhost/tandem-was-node:it", "was-node.Containerfile", "was-node.jar",
					"tandem.was-node.jar");
		}
		return wasNode;
	}

	/** The base image given to the builds, or null for the container files' default. */
	static String baseImage() {
		String image = System.getenv("TANDEM_CONTAINER_BASE_IMAGE");
		if (image == null || image.isBlank()) {
			image = System.getProperty("tandem.container.base-image");
		}
		return (image == null || image.isBlank()) ? null : image;
	}

	private static Future<String> build(String name, String containerfile, String jarName, String jarProperty) {
		Path dir = Path.of(required("tandem.container.dir"));
		Path jar = Path.of(required(jarProperty));
		if (!jar.toFile().isFile()) {
			throw new IllegalStateException(jar + " is missing: package the jars first (./mvnw verify)");
		}
		// Named and kept: a rerun replaces it, and a run never builds the same image
		// twice (the ImageFromDockerfile future resolves once).
		ImageFromDockerfile image = new ImageFromDockerfile(name, false)
			.withFileFromPath(containerfile, dir.resolve(containerfile))
			.withFileFromPath(jarName, jar)
			.withDockerfilePath(containerfile);
		String base = baseImage();
		if (base != null) {
			image.withBuildArg("BASE_IMAGE", base);
		}
		return image;
	}

	private static String required(String property) {
		String value = System.getProperty(property);
		if (value == null || !new File(value).exists()) {
			throw new IllegalStateException(
					"System property " + property + " must name an existing path (set by the build), but was " + value);
		}
		return value;
	}

}
