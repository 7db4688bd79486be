package dev.tandem.session;

import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The default node id: the host name Java finds, else the kernel's, else a sentence that
 * says the id must be set, never an id of {@code null}.
 */
class HostNameIdTests {

	private static final String PROPERTY = "tandem.node.id";

	@Test
	void shouldUseTheLookedUpHostName() {
		assertThat(HostNameId.of(PROPERTY, () -> "pi-2", () -> "kernel-name")).isEqualTo("pi-2");
	}

	@Test
	void shouldAskTheKernelWhenTheHostNameDoesNotResolve() {
		assertThat(HostNameId.of(PROPERTY, () -> {
			throw new UnknownHostException("pi-2: Name or service not known");
		}, () -> "pi-2\n")).isEqualTo("pi-2");
	}

	@Test
	void shouldSaySoWhenNoHostNameCanBeRead() {
		assertThatIllegalArgumentException().isThrownBy(() -> HostNameId.of(PROPERTY, () -> {
			throw new UnknownHostException("(none)");
		}, () -> "(none)"))
			.withMessage("tandem.node.id is not set, and this machine's host name cannot be read to stand in for it; "
					+ "set tandem.node.id to the id the gateway knows this node by, such as was1.")
			.withMessageNotContaining("null");
		assertThatIllegalArgumentException().isThrownBy(() -> HostNameId.of(PROPERTY, () -> null, () -> {
			throw new java.nio.file.NoSuchFileException("/proc/sys/kernel/hostname");
		})).withMessageContaining("cannot be read");
	}

	@Test
	void shouldStillRefuseAHostNameThatIsNoValidId() {
		assertThatIllegalArgumentException().isThrownBy(() -> HostNameId.of(PROPERTY, () -> "pi 2", () -> "pi2"))
			.withMessageStartingWith("tandem.node.id (not set, so the host name) must be");
	}

}
