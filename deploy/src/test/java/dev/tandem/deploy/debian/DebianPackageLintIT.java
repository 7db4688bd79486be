package dev.tandem.deploy.debian;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lintian, Debian's package checker, finds no error in either package (its warnings are
 * printed; the packages' own overrides say why the two they carry are wanted).
 */
@RequiresLintian
class DebianPackageLintIT {

	@Test
	void gatewayPackageHasNoLintianError() throws Exception {
		assertNoError(DebianPackages.gateway());
	}

	@Test
	void wasNodePackageHasNoLintianError() throws Exception {
		assertNoError(DebianPackages.wasNode());
	}

	private static void assertNoError(Path deb) throws IOException, InterruptedException {
		Process lintian = new ProcessBuilder(List.of(LintianCondition.LINTIAN.toString(), "--fail-on", "error",
				"--tag-display-limit", "0", deb.toString()))
			.redirectErrorStream(true)
			.start();
		String output = new String(lintian.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!lintian.waitFor(2, TimeUnit.MINUTES)) {
			lintian.destroyForcibly();
			throw new IllegalStateException("lintian still running after 2 minutes on " + deb);
		}
		System.out.println("lintian " + deb.getFileName() + ":\n" + output);
		assertThat(output.lines()).as("lintian's errors on %s", deb.getFileName())
			.noneMatch((line) -> line.startsWith("E:"));
		assertThat(lintian.exitValue()).as("lintian's exit status on %s:\n%s", deb.getFileName(), output).isZero();
	}

}
