package dev.tandem.gateway.admin.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The audit trail of operator actions, {@code <stateDir>/audit.jsonl}: one JSON object
 * per line, appended and forced to disk before {@link #append} returns. It keeps the last
 * {@code maxEntries}: once the file holds twice as many lines it is rewritten with the
 * newest {@code maxEntries}, atomically like the state file, so a trim costs one rewrite
 * per {@code maxEntries} appends. A corrupt line is skipped (one warning per read of the
 * file) and a file that cannot be read is moved aside, so the trail never stops a change.
 * Changes are rare and never on the request path, hence plain synchronization.
 */
public final class AuditLog {

	/** The file's name in the state directory. */
	public static final String FILE_NAME = "audit.jsonl";

	/** How many entries are kept unless told otherwise. */
	public static final int DEFAULT_MAX_ENTRIES = 1000;

	private static final Log logger = LogFactory.getLog(AuditLog.class);

	private final Path file;

	private final int maxEntries;

	private final Clock clock;

	private final DurableFiles files;

	/** Lines in the file, -1 until the file was first read. */
	private int lines = -1;

	/** False after a crash in the middle of an append left a line without its end. */
	private boolean endsWithNewline = true;

	/**
	 * The audit log in this directory, keeping the last {@value #DEFAULT_MAX_ENTRIES}
	 * entries.
	 * @param stateDir the state directory, created on the first append
	 */
	public AuditLog(Path stateDir) {
		this(stateDir, DEFAULT_MAX_ENTRIES);
	}

	/**
	 * The audit log in this directory.
	 * @param stateDir the state directory, created on the first append
	 * @param maxEntries how many entries to keep, 1 or more
	 */
	public AuditLog(Path stateDir, int maxEntries) {
		this(stateDir, maxEntries, Clock.systemUTC());
	}

	/**
	 * The audit log in this directory, naming a file moved aside by this clock.
	 * @param stateDir the state directory, created on the first append
	 * @param maxEntries how many entries to keep, 1 or more
	 * @param clock the clock
	 */
	public AuditLog(Path stateDir, int maxEntries, Clock clock) {
		this(stateDir, maxEntries, clock, DurableFiles.SYSTEM);
	}

	AuditLog(Path stateDir, int maxEntries, Clock clock, DurableFiles files) {
		if (maxEntries < 1) {
			throw new IllegalArgumentException("The audit log must keep 1 entry or more, but was told " + maxEntries);
		}
		this.file = stateDir.resolve(FILE_NAME);
		this.maxEntries = maxEntries;
		this.clock = clock;
		this.files = files;
	}

	/**
	 * The file this appends to.
	 * @return {@code <stateDir>/audit.jsonl}
	 */
	public Path file() {
		return this.file;
	}

	/**
	 * Record an action durably; when this returns the entry survives a crash.
	 * @param entry the entry
	 * @throws IOException when it could not be written
	 */
	public synchronized void append(AuditEntry entry) throws IOException {
		if (this.lines < 0) {
			read();
		}
		// A line torn by a crash keeps its own (corrupt) line instead of swallowing this
		// one; it is already counted.
		String text = (this.endsWithNewline ? "" : "\n") + toJson(entry) + "\n";
		this.files.append(this.file, text.getBytes(StandardCharsets.UTF_8));
		this.lines++;
		this.endsWithNewline = true;
		if (this.lines > 2 * this.maxEntries) {
			trim();
		}
	}

	/**
	 * The newest entries, for the admin API.
	 * @param count how many at most
	 * @return the entries, newest first
	 */
	public synchronized List<AuditEntry> latest(int count) {
		List<Line> entries = read();
		List<AuditEntry> latest = new ArrayList<>(Math.max(0, Math.min(count, entries.size())));
		for (int i = entries.size() - 1; i >= 0 && latest.size() < count; i--) {
			latest.add(entries.get(i).entry());
		}
		return latest;
	}

	private void trim() {
		List<Line> entries = read();
		List<Line> kept = entries.subList(Math.max(0, entries.size() - this.maxEntries), entries.size());
		StringBuilder content = new StringBuilder();
		kept.forEach((line) -> content.append(line.text()).append('\n'));
		try {
			this.files.replace(this.file, content.toString().getBytes(StandardCharsets.UTF_8));
			this.lines = kept.size();
		}
		catch (IOException ex) {
			// The entry itself is safe; the next append tries again.
			logger.warn("Could not trim audit log " + this.file + " to its last " + this.maxEntries
					+ " entries; it keeps growing until a trim succeeds (" + ex + ")");
		}
	}

	/**
	 * The valid entries in the file, oldest first, counting its lines on the way. A file
	 * that cannot be read is moved aside so that appends can start a new one.
	 */
	private List<Line> read() {
		byte[] content;
		try {
			content = Files.readAllBytes(this.file);
		}
		catch (NoSuchFileException ex) {
			this.lines = 0;
			this.endsWithNewline = true;
			return Collections.emptyList();
		}
		catch (IOException ex) {
			setAside(ex);
			this.lines = 0;
			this.endsWithNewline = true;
			return Collections.emptyList();
		}
		// Invalid UTF-8 becomes U+FFFD and fails on its own line, not the whole file.
		String text = new String(content, StandardCharsets.UTF_8);
		List<Line> entries = new ArrayList<>();
		int count = 0;
		int corrupt = 0;
		String firstProblem = null;
		int start = 0;
		while (start < text.length()) {
			int end = text.indexOf('\n', start);
			String line = text.substring(start, (end >= 0) ? end : text.length()).strip();
			start = (end >= 0) ? end + 1 : text.length();
			count++;
			if (line.isEmpty()) {
				continue;
			}
			try {
				entries.add(new Line(line, fromJson(line)));
			}
			catch (IOException | IllegalArgumentException ex) {
				corrupt++;
				if (firstProblem == null) {
					firstProblem = "line " + count + " " + Json.reason(ex);
				}
			}
		}
		this.lines = count;
		this.endsWithNewline = content.length == 0 || content[content.length - 1] == '\n';
		if (corrupt > 0) {
			logger.warn("Audit log " + this.file + " has " + corrupt + " corrupt line(s), skipped; the first: "
					+ firstProblem);
		}
		return entries;
	}

	private void setAside(IOException ex) {
		String outcome;
		try {
			outcome = "moved it to " + this.files.moveAside(this.file, this.clock.instant()).getFileName();
		}
		catch (IOException moveFailure) {
			outcome = "could not move it aside either (" + moveFailure + ")";
		}
		logger.warn("Audit log " + this.file + " cannot be read (" + ex + "); " + outcome
				+ ". New entries go to a new file.");
	}

	private static String toJson(AuditEntry entry) throws IOException {
		ObjectNode node = Json.MAPPER.createObjectNode();
		node.put("time", entry.time().toString());
		node.put("user", entry.user());
		node.put("address", entry.address());
		node.put("action", entry.action());
		node.put("member", entry.member());
		node.set("before", entry.before());
		node.set("after", entry.after());
		node.put("reason", entry.reason());
		node.put("expiresAt", (entry.expiresAt() != null) ? entry.expiresAt().toString() : null);
		// Jackson escapes line breaks inside strings, so one entry is one line.
		return Json.MAPPER.writeValueAsString(node);
	}

	private static AuditEntry fromJson(String line) throws IOException {
		JsonNode node = Json.object(Json.parse(line.getBytes(StandardCharsets.UTF_8)), "the line");
		return new AuditEntry(Json.instant(node, "time", ""), Json.optionalText(node, "user", ""),
				Json.optionalText(node, "address", ""), Json.text(node, "action", ""),
				Json.optionalText(node, "member", ""), orNull(node.get("before")), orNull(node.get("after")),
				Json.optionalText(node, "reason", ""), Json.optionalInstant(node, "expiresAt", ""));
	}

	private static JsonNode orNull(JsonNode node) {
		return (node != null) ? node : NullNode.getInstance();
	}

	/** A valid line and its entry, so that a trim keeps the text as it was written. */
	private record Line(String text, AuditEntry entry) {

	}

}
