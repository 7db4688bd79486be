package dev.tandem.deploy.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.deploy.RequiresContainerEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code deploy/container/build-images.sh} with podman: both images for linux/amd64,
 * linux/arm64 and linux/arm/v7 as manifest lists, each platform's image of its own
 * architecture, and the amd64 one runs. The arm bases are placeholders imported with
 * their architecture set (one file, no Java: no arm image can be pulled or run here), so
 * this proves the script's platforms and per-platform bases, not a runnable arm image.
 * Everything it creates is named for this run and removed afterwards.
 */
@RequiresContainerEngine
class BuildImagesIT {

	private static final Path SCRIPT = Path.of(System.getProperty("tandem.container.dir"))
		.toAbsolutePath()
		.normalize()
		.resolve("build-images.sh");

	private static final ObjectMapper JSON = new ObjectMapper();

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	private final String prefix = "localhost/tandem-images-it/";

	private final List<String> created = new ArrayList<>();

	@TempDir
	Path temp;

	@Test
	void buildsBothImagesForTheThreePlatforms() throws Exception {
		assumeTrue(podman("version").exitCode() == 0, "build-images.sh's test needs the podman command");
		String arm64 = placeholderBase("arm64", null);
		String armV7 = placeholderBase("arm", "v7");
		Map<String, String> environment = new HashMap<>();
		environment.put("TANDEM_CONTAINER_TOOL", "podman");
		environment.put("TANDEM_IMAGE_PREFIX", this.prefix);
		environment.put("TANDEM_IMAGE_TAG", this.run);
		environment.put("TANDEM_BASE_IMAGE_ARM64", arm64);
		environment.put("TANDEM_BASE_IMAGE_ARM_V7", armV7);
		for (String app : List.of("gateway", "was-node")) {
			String image = this.prefix + "tandem-" + app + ":" + this.run;
			this.created.add("manifest " + image);
			List.of("amd64", "arm64", "armv7").forEach((arch) -> this.created.add("image " + image + "-" + arch));
		}

		Result build = command(environment, null, SCRIPT.toString());

		assertThat(build.exitCode()).as(build.output()).isZero();
		for (String app : List.of("gateway", "was-node")) {
			String image = this.prefix + "tandem-" + app + ":" + this.run;
			JsonNode manifests = JSON.readTree(podman("manifest", "inspect", image).output()).path("manifests");
			List<String> platforms = new ArrayList<>();
			manifests.forEach((entry) -> platforms.add(platform(entry.path("platform"))));
			assertThat(platforms).as(app).containsExactly("linux/amd64", "linux/arm64", "linux/arm/v7");
			assertThat(architecture(image + "-arm64")).isEqualTo("arm64");
			assertThat(architecture(image + "-armv7")).isEqualTo("arm");
			assertThat(architecture(image + "-amd64")).isEqualTo("amd64");
		}
		Path password = Files.writeString(this.temp.resolve("password"), "a password of this test\n");
		Result encoded = command(Map.of(), password, "podman", "run", "--rm", "-i",
				this.prefix + "tandem-gateway:" + this.run + "-amd64", "encode-password");
		assertThat(encoded.exitCode()).as(encoded.output()).isZero();
		assertThat(encoded.output()).contains("{bcrypt}$2a$");
	}

	@AfterEach
	void remove() throws Exception {
		for (String thing : this.created) {
			String[] kindAndName = thing.split(" ", 2);
			if (kindAndName[0].equals("manifest")) {
				podman("manifest", "rm", kindAndName[1]);
			}
			else {
				podman("rmi", kindAndName[1]);
			}
		}
	}

	/** A one-file image of that architecture, its content distinct per architecture. */
	private String placeholderBase(String arch, String variant) throws Exception {
		Path tree = Files.createDirectories(this.temp.resolve(arch + "-tree"));
		Files.writeString(tree.resolve("README"), "placeholder base for " + arch + " " + this.run + "\n");
		Path tar = this.temp.resolve(arch + ".tar");
		assertThat(command(Map.of(), null, "tar", "-C", tree.toString(), "-cf", tar.toString(), ".").exitCode())
			.isZero();
		String name = this.prefix + "base:" + arch + ((variant != null) ? variant : "") + "-" + this.run;
		List<String> args = new ArrayList<>(List.of("import", "-q", "--os", "linux", "--arch", arch));
		if (variant != null) {
			args.addAll(List.of("--variant", variant));
		}
		args.addAll(List.of(tar.toString(), name));
		Result imported = podman(args.toArray(String[]::new));
		assertThat(imported.exitCode()).as(imported.output()).isZero();
		// Removed last: the platforms' images are built on it.
		this.created.add("image " + name);
		return name;
	}

	private static String platform(JsonNode platform) {
		String variant = platform.path("variant").asText("");
		return platform.path("os").asText() + "/" + platform.path("architecture").asText()
				+ (variant.isEmpty() ? "" : "/" + variant);
	}

	private static String architecture(String image) throws Exception {
		return podman("image", "inspect", "--format", "{{.Architecture}}", image).output().trim();
	}

	private static Result podman(String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("podman"));
		command.addAll(List.of(args));
		return command(Map.of(), null, command.toArray(String[]::new));
	}

	private static Result command(Map<String, String> environment, Path stdin, String... command) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		if (stdin != null) {
			builder.redirectInput(stdin.toFile());
		}
		builder.environment().putAll(environment);
		Path output = Files.createTempFile("build-images", ".out");
		builder.redirectOutput(output.toFile());
		try {
			Process process;
			try {
				process = builder.start();
			}
			catch (IOException ex) {
				return new Result(-1, ex.getMessage());
			}
			if (stdin == null) {
				// Nothing to read: a command that reads stdin sees its end at once.
				process.getOutputStream().close();
			}
			if (!process.waitFor(180, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return new Result(-1, String.join(" ", command) + " did not finish within 180 s");
			}
			return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	private record Result(int exitCode, String output) {

	}

}
