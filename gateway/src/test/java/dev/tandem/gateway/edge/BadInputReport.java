package dev.tandem.gateway.edge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.tandem.gateway.edge.BadRequest.Category;

/**
 * Tallies the edge suite's results and writes them to {@code target/bad-input-report.md}
 * for the reliability report: per category the cases, how many passed, and how the
 * gateway answered them (a 4xx, a closed connection, or forwarded as checked).
 */
final class BadInputReport {

	static final Path FILE = Path.of("target", "bad-input-report.md");

	/** How the gateway dealt with a case. */
	enum Answer {

		REFUSED_4XX, CLOSED, FORWARDED

	}

	private final Map<Category, int[]> tally = new EnumMap<>(Category.class);

	private final List<String> failures = new ArrayList<>();

	private final List<String> lines = new ArrayList<>();

	private final List<String> cases = new ArrayList<>();

	synchronized void record(BadRequest request, Answer answer, String detail, boolean passed) {
		this.cases.add(String.format("| %s | %s | %s | %s |", request.category().title,
				request.name().replace("|", "\\|"), detail, passed ? "passed" : "FAILED"));
		int[] row = this.tally.computeIfAbsent(request.category(), (category) -> new int[5]);
		row[0]++;
		row[1] += passed ? 1 : 0;
		row[2 + answer.ordinal()]++;
		if (!passed) {
			this.failures.add(request.toString());
		}
	}

	synchronized void line(String text) {
		this.lines.add(text);
	}

	synchronized void write() {
		StringBuilder report = new StringBuilder("# Bad input at the gateway\n\n");
		report.append("| category | cases | passed | 4xx | closed | forwarded as checked |\n");
		report.append("|---|---|---|---|---|---|\n");
		int[] total = new int[5];
		this.tally.forEach((category, row) -> {
			report.append(String.format("| %s | %d | %d | %d | %d | %d |%n", category.title, row[0], row[1], row[2],
					row[3], row[4]));
			for (int i = 0; i < row.length; i++) {
				total[i] += row[i];
			}
		});
		report.append(String.format("| **all** | %d | %d | %d | %d | %d |%n", total[0], total[1], total[2], total[3],
				total[4]));
		if (!this.failures.isEmpty()) {
			report.append("\nFailed: ").append(String.join("; ", this.failures)).append('\n');
		}
		if (!this.lines.isEmpty()) {
			report.append('\n');
			this.lines.forEach((line) -> report.append("- ").append(line).append('\n'));
		}
		if (!this.cases.isEmpty()) {
			report.append("\n| category | case | gateway answered | result |\n|---|---|---|---|\n");
			this.cases.forEach((line) -> report.append(line).append('\n'));
		}
		try {
			Files.createDirectories(FILE.getParent());
			Files.writeString(FILE, report);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
