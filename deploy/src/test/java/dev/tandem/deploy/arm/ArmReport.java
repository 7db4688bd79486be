package dev.tandem.deploy.arm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The numbers of an ARM emulation run, in a Markdown file a person can copy into the
 * docs: per architecture, how long the root filesystem took and each process's time from
 * start to ready, under QEMU user emulation (never a Raspberry Pi's speed).
 */
final class ArmReport {

	private final Path file;

	private final List<String> rows = new ArrayList<>();

	ArmReport(Path file) {
		this.file = file;
	}

	/**
	 * One architecture's run.
	 * @param arch the architecture
	 * @param rootFilesystem how long making or finding the root filesystem took
	 * @param bootToReady each process's time from start to ready, by name, in the order
	 * was1, was2, gateway
	 * @param transport the gateway's start-up line about its network transport
	 * @param failover how long the first count after the kill took
	 * @param wall the whole run of this architecture, root filesystem included
	 */
	synchronized void add(Arch arch, Duration rootFilesystem, Map<String, Duration> bootToReady, String transport,
			Duration failover, Duration wall) throws IOException {
		StringBuilder row = new StringBuilder("| " + arch + " | " + seconds(rootFilesystem) + " |");
		bootToReady.values().forEach((time) -> row.append(' ').append(seconds(time)).append(" |"));
		row.append(' ')
			.append(seconds(failover))
			.append(" | ")
			.append(seconds(wall))
			.append(" | ")
			.append(loadAverage())
			.append(" | `")
			.append(transport)
			.append("` |");
		this.rows.add(row.toString());
		write();
		System.out.println("ARM emulation " + arch + ": boot to ready " + bootToReady + ", transport: " + transport);
	}

	private void write() throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add("# ARM emulation run, " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
		lines.add("");
		lines.add("QEMU user emulation on " + Runtime.getRuntime().availableProcessors()
				+ " host cores, the three JVMs booting side by side: these are not Raspberry Pi speeds.");
		lines.add("");
		lines.add("| arch | root filesystem | was1 ready | was2 ready | gateway ready | first count after kill "
				+ "| whole run | host load (1, 5 min) | gateway transport |");
		lines.add("|---|---|---|---|---|---|---|---|---|");
		lines.addAll(this.rows);
		Files.createDirectories(this.file.toAbsolutePath().getParent());
		Files.write(this.file, lines, StandardCharsets.UTF_8);
	}

	/**
	 * The host's load averages over 1 and 5 minutes, from {@code /proc/loadavg}: other
	 * work on the machine slows the emulators as much as the emulation does.
	 */
	private static String loadAverage() throws IOException {
		String[] fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ");
		return fields[0] + ", " + fields[1];
	}

	private static String seconds(Duration time) {
		return String.format("%.1f s", time.toMillis() / 1000.0);
	}

}
