package dev.tandem.gateway.importer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The logical lines of a configuration file, as httpd and mod_jk read them: a line ending
 * in a backslash goes on on the next, blank lines and lines starting with {@code #} are
 * skipped, and each line keeps where it started.
 */
final class ConfigLines {

	private ConfigLines() {
	}

	static List<Origin> read(Path file, String name) throws UnreadableConfigurationException {
		List<String> physical;
		try {
			physical = Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			// A Latin-1 file (old guides, accented comments) is read as such rather than
			// refused; directives themselves are ASCII.
			try {
				physical = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
			}
			catch (IOException again) {
				throw new UnreadableConfigurationException(name + ": cannot be read ("
						+ again.getClass().getSimpleName() + ": " + again.getMessage() + ").");
			}
		}
		List<Origin> lines = new ArrayList<>();
		StringBuilder pending = null;
		int start = 0;
		for (int i = 0; i < physical.size(); i++) {
			String line = physical.get(i);
			if (pending == null) {
				pending = new StringBuilder();
				start = i + 1;
			}
			String trimmed = line.stripTrailing();
			if (trimmed.endsWith("\\")) {
				pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
				continue;
			}
			pending.append(line);
			add(lines, name, start, pending.toString());
			pending = null;
		}
		if (pending != null) {
			add(lines, name, start, pending.toString());
		}
		return lines;
	}

	private static void add(List<Origin> lines, String name, int start, String text) {
		String trimmed = text.strip();
		if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
			lines.add(new Origin(name, start, trimmed));
		}
	}

	/**
	 * The words of a directive line, httpd style: separated by blanks, a word in double
	 * (or single) quotes may hold blanks, and a backslash escapes the quote inside one.
	 */
	static List<String> words(Origin line) throws UnreadableConfigurationException {
		List<String> words = new ArrayList<>();
		String text = line.text();
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (Character.isWhitespace(c)) {
				i++;
				continue;
			}
			StringBuilder word = new StringBuilder();
			if (c == '"' || c == '\'') {
				int j = i + 1;
				while (j < text.length() && text.charAt(j) != c) {
					if (text.charAt(j) == '\\' && j + 1 < text.length()) {
						j++;
					}
					word.append(text.charAt(j));
					j++;
				}
				if (j >= text.length()) {
					throw UnreadableConfigurationException.at(line, "a quote " + c + " is not closed");
				}
				i = j + 1;
			}
			else {
				while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
					word.append(text.charAt(i));
					i++;
				}
			}
			words.add(word.toString());
		}
		return words;
	}

}
