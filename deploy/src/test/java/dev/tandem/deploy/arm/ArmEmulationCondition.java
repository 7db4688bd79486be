package dev.tandem.deploy.arm;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.sun.security.auth.module.UnixSystem;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Enables the ARM emulation tests where they can work: Linux, root (debootstrap, and the
 * tmpfs that armhf needs), QEMU's user emulators and debootstrap installed. Otherwise the
 * tests are skipped with one line saying what is missing, unless {@value #REQUIRE} is
 * {@code 1} (CI sets it): then they fail, so CI never skips them silently.
 */
final class ArmEmulationCondition implements ExecutionCondition {

	static final String REQUIRE = "TANDEM_REQUIRE_ARM";

	private static final List<Path> SEARCH_PATH = searchPath();

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		Optional<String> missing = missing();
		if (missing.isEmpty()) {
			return ConditionEvaluationResult.enabled("QEMU user emulation and debootstrap are available");
		}
		if ("1".equals(System.getenv(REQUIRE))) {
			throw new IllegalStateException(
					"ARM emulation tests cannot run: " + missing.get() + ", and " + REQUIRE + "=1 requires them.");
		}
		String reason = "ARM emulation tests skipped: " + missing.get() + ".";
		System.out.println(reason);
		return ConditionEvaluationResult.disabled(reason);
	}

	private static Optional<String> missing() {
		if (!System.getProperty("os.name").startsWith("Linux")) {
			return Optional.of("QEMU user emulation runs on Linux only");
		}
		if (new UnixSystem().getUid() != 0) {
			return Optional.of("not root: debootstrap and the armhf root filesystem's tmpfs need root");
		}
		List<String> emulators = new ArrayList<>();
		for (Arch arch : Arch.values()) {
			if (!onPath(arch.emulator())) {
				emulators.add(arch.emulator());
			}
		}
		if (!emulators.isEmpty()) {
			return Optional.of("qemu-user-static not installed (no " + String.join(", ", emulators) + ")");
		}
		if (!onPath("debootstrap")) {
			return Optional.of("debootstrap missing");
		}
		return Optional.empty();
	}

	private static boolean onPath(String command) {
		return SEARCH_PATH.stream().anyMatch((folder) -> Files.isExecutable(folder.resolve(command)));
	}

	/**
	 * PATH, and the sbin folders where Debian keeps debootstrap (not on a user's PATH).
	 */
	private static List<Path> searchPath() {
		List<Path> folders = new ArrayList<>();
		String path = System.getenv("PATH");
		if (path != null) {
			for (String folder : path.split(File.pathSeparator)) {
				if (!folder.isEmpty()) {
					folders.add(Path.of(folder));
				}
			}
		}
		folders.add(Path.of("/usr/sbin"));
		folders.add(Path.of("/sbin"));
		return folders;
	}

}
