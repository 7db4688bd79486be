package dev.tandem.deploy.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The results table of the container scenarios, {@code target/reliability-report.md}
 * (system property {@code tandem.report}): one row per scenario, the file rewritten whole
 * as each row arrives, so it is complete up to the last scenario that ran even if a later
 * one fails. A scenario adds its row before asserting, so a failing scenario's figures
 * are in the table too.
 */
final class ReliabilityReport {

	private static final Map<String, Row> rows = new LinkedHashMap<>();

	private ReliabilityReport() {
	}

	/**
	 * One scenario's figures; a figure that does not apply is null.
	 *
	 * @param scenario the scenario, e.g. {@code F1 kill -9 of the busiest member}
	 * @param failedRequests requests not answered 2xx
	 * @param sessionsLost sessions that came back empty
	 * @param lostIncrements acknowledged increments missing from a later count
	 * @param p99 99th percentile latency of the requests made during the fault
	 * @param detect from the fault until the gateway took the member out
	 * @param recover from the fault until the member served again
	 * @param notes what else the run saw (request count, extra figures)
	 */
	record Row(String scenario, int failedRequests, int sessionsLost, int lostIncrements, Duration p99, Duration detect,
			Duration recover, String notes) {

		/** The row of a scenario under load, with the load's own figures. */
		static Row of(String scenario, LoadResult load, Duration p99, Duration detect, Duration recover, String notes) {
			return new Row(scenario, load.failedRequests(), load.sessionsLost(), load.lostIncrements(), p99, detect,
					recover, load.requests() + " requests; " + notes);
		}

	}

	/** Add (or replace) a scenario's row, print it, and rewrite the report. */
	static synchronized void add(Row row) {
		rows.put(row.scenario(), row);
		System.out.println("reliability: " + line(row));
		write();
	}

	private static void write() {
		StringBuilder table = new StringBuilder();
		table.append("| scenario | failed requests | sessions lost | lost increments | p99 during fault"
				+ " | time to detect | time to recover | notes |\n");
		table.append("|---|---|---|---|---|---|---|---|\n");
		rows.values().forEach((row) -> table.append(line(row)).append('\n'));
		Path file = Path.of(System.getProperty("tandem.report", "target/reliability-report.md"));
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.writeString(file, table);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String line(Row row) {
		return "| " + row.scenario() + " | " + row.failedRequests() + " | " + row.sessionsLost() + " | "
				+ row.lostIncrements() + " | " + millis(row.p99()) + " | " + seconds(row.detect()) + " | "
				+ seconds(row.recover()) + " | " + ((row.notes() != null) ? row.notes() : "") + " |";
	}

	private static String millis(Duration duration) {
		return (duration != null) ? duration.toMillis() + " ms" : "–";
	}

	private static String seconds(Duration duration) {
		return (duration != null) ? String.format("%.1f s", duration.toMillis() / 1000.0) : "–";
	}

}
