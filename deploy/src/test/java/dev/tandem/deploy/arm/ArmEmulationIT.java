package dev.tandem.deploy.arm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tandem.deploy.AdminLogin;
import dev.tandem.deploy.JarProcess;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's session test on ARM JVMs: Debian's openjdk-17-jre-headless for arm64 and for
 * armhf (32-bit ARMv7), run by QEMU user emulation, each runs the real gateway.jar and
 * two was-node.jar; the was-nodes form their Hazelcast cluster, the counter counts
 * through the gateway, and goes on counting on the other node after the one that served
 * is killed with SIGKILL. The gateway must say it serves on native epoll on arm64 and on
 * NIO on armhf, where Netty has no epoll library. One architecture at a time, to fit two
 * cores; each process's time to ready goes into {@code target/arm-report.md}.
 */
@RequiresArmEmulation
class ArmEmulationIT {

	/**
	 * Three emulated JVMs booting side by side on two cores were ready after 60-100 s
	 * (arm64) and 120-235 s (armhf), the slower with other builds loading the machine.
	 */
	private static final Duration START_TIMEOUT = Duration.ofSeconds(420);

	/** The first answers of an emulated JVM are slow: nothing is compiled yet. */
	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

	private static final String TRANSPORT_LINE = "Network transport: ";

	/** How Hazelcast logs a member list of two. */
	private static final String BOTH_MEMBERS = "Members {size:2,";

	private static final ArmReport REPORT = new ArmReport(Path.of(System.getProperty("tandem.arm.report")));

	private final AdminLogin admin = AdminLogin.random();

	@TempDir
	Path gatewayState;

	@ParameterizedTest(name = "{0}")
	@EnumSource(Arch.class)
	void shouldKeepCountingAcrossAKillOfTheServingNodeOnAnEmulatedArmJvm(Arch arch) throws Exception {
		long start = System.nanoTime();
		ArmJre jre = ArmJre.prepare(arch, Path.of(System.getProperty("tandem.arm.dir"), "jre-rootfs.sh"),
				Path.of(System.getProperty("tandem.arm.rootfs")));
		try {
			assertThat(ElfHeader.of(jre.java())).as("ELF header of %s", jre.java())
				.isEqualTo(new ElfHeader(arch.bits(), arch.elfMachine()));
			try (EmulatedCluster cluster = EmulatedCluster.start(jre, arch, this.admin, this.gatewayState)) {
				Map<String, Duration> bootToReady = cluster.awaitReady(START_TIMEOUT);
				cluster.awaitBothMembersUp(START_TIMEOUT);
				for (String node : List.of("was1", "was2")) {
					assertThat(Files.readString(cluster.node(node).log(), StandardCharsets.UTF_8))
						.as("Hazelcast's member list in %s's log", node)
						.contains(BOTH_MEMBERS);
				}
				String transport = transportLine(cluster.gatewayProcess());
				assertThat(transport).startsWith(TRANSPORT_LINE + arch.transport() + " (");
				if (arch.transport().equals("epoll")) {
					assertThat(transport).endsWith("; native epoll available");
				}
				else {
					assertThat(transport).contains("; native epoll unavailable: ");
				}
				Duration failover = countAcrossAKill(cluster);
				REPORT.add(arch, jre.preparation(), bootToReady, transport, failover,
						Duration.ofNanos(System.nanoTime() - start));
			}
		}
		finally {
			jre.release();
		}
	}

	/**
	 * Counts 1 to 4 over both members, kills the member that served the last, and counts
	 * 5 to 8 on the other.
	 * @return how long the first count after the kill took
	 */
	private Duration countAcrossAKill(EmulatedCluster cluster) throws Exception {
		CounterClient client = new CounterClient(cluster.gateway(), REQUEST_TIMEOUT);
		Set<String> servedBefore = new LinkedHashSet<>();
		String lastNode = null;
		for (int expected = 1; expected <= 4; expected++) {
			CounterClient.Served served = client.next();
			assertThat(served.count()).as("count of request %d", expected).isEqualTo(expected);
			servedBefore.add(served.node());
			lastNode = served.node();
		}
		assertThat(servedBefore).as("round robin reaches both members").containsExactlyInAnyOrder("was1", "was2");

		String survivor = "was1".equals(lastNode) ? "was2" : "was1";
		cluster.node(lastNode).kill();

		Duration failover = null;
		for (int expected = 5; expected <= 8; expected++) {
			long sent = System.nanoTime();
			CounterClient.Served served = client.next();
			if (failover == null) {
				failover = Duration.ofNanos(System.nanoTime() - sent);
			}
			assertThat(served.count()).as("count of request %d, after the kill of %s", expected, lastNode)
				.isEqualTo(expected);
			assertThat(served.node()).as("member that served request %d", expected).isEqualTo(survivor);
		}
		return failover;
	}

	/** The gateway's one start-up line about its network transport. */
	private static String transportLine(JarProcess gateway) throws Exception {
		List<String> lines = Files.readAllLines(gateway.log(), StandardCharsets.UTF_8)
			.stream()
			.filter((line) -> line.contains(TRANSPORT_LINE))
			.map((line) -> line.substring(line.indexOf(TRANSPORT_LINE)))
			.toList();
		assertThat(lines).as("transport lines in %s", gateway.log()).hasSize(1);
		return lines.get(0);
	}

}
