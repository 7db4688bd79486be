package dev.tandem.deploy.arm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM options a Raspberry Pi runs a jar with: {@code JAVA_OPTS} as the systemd unit's
 * example environment file sets it ({@code deploy/systemd/*.env.example}), so the
 * emulated JVMs run with exactly what the operations guide recommends.
 */
final class PiJavaOptions {

	private static final Pattern JAVA_OPTS = Pattern.compile("^JAVA_OPTS=\"([^\"]*)\"$", Pattern.MULTILINE);

	private PiJavaOptions() {
	}

	/** The options in the given environment file's {@code JAVA_OPTS="..."} line. */
	static List<String> of(Path environmentFile) throws IOException {
		Matcher options = JAVA_OPTS.matcher(Files.readString(environmentFile, StandardCharsets.UTF_8));
		if (!options.find()) {
			throw new IllegalStateException(environmentFile + " has no JAVA_OPTS=\"...\" line");
		}
		return List.of(options.group(1).trim().split("\\s+"));
	}

}
