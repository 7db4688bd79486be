package dev.tandem.shared;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Keeps {@code docs/configuration.md} and a module's configuration metadata from drifting
 * apart. The metadata is the module's own generated
 * {@code META-INF/spring-configuration-metadata.json} (read from the class path, the copy
 * in the module's {@code target/classes}); the doc's rows for the module are those of the
 * tables under its {@code ## <module>} heading, each {@code | `property` | default |
 * meaning |}. Both ways: every {@code tandem.*} property of the metadata has a row with
 * the same default (a default in backticks; none when the metadata has none), every
 * {@code tandem.*} row names a property of the metadata, and every value hint of the
 * metadata is in backticks in its row. A property may have one row only.
 */
public final class ConfigurationDocCheck {

	static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private static final Pattern SECTION = Pattern.compile("^## (\\S+)");

	private static final Pattern ROW = Pattern.compile("^\\|\\s*`(tandem\\.[^`]+)`\\s*\\|([^|]*)\\|.*$");

	private static final Pattern CODE = Pattern.compile("`([^`]*)`");

	private ConfigurationDocCheck() {
	}

	/**
	 * Check the module whose tests are running (Maven runs them in the module's folder)
	 * against {@code ../docs/configuration.md}.
	 * @param module the module's folder name, which heads its section of the doc
	 * @throws IOException if the doc or the metadata cannot be read
	 */
	public static void assertDocMatchesMetadata(String module) throws IOException {
		JsonNode metadata;
		try (InputStream in = ownMetadata().openStream()) {
			metadata = new ObjectMapper().readTree(in);
		}
		List<String> problems = problems(module, metadata, Files.readString(Path.of("../docs/configuration.md")));
		if (!problems.isEmpty()) {
			throw new AssertionError("docs/configuration.md and " + module + "'s " + METADATA + " disagree:\n  "
					+ String.join("\n  ", problems));
		}
	}

	private static URL ownMetadata() throws IOException {
		Path own = Path.of("target/classes", METADATA).toAbsolutePath().normalize();
		for (URL url : Collections.list(ConfigurationDocCheck.class.getClassLoader().getResources(METADATA))) {
			try {
				if ("file".equals(url.getProtocol()) && Path.of(url.toURI()).normalize().equals(own)) {
					return url;
				}
			}
			catch (URISyntaxException ex) {
				// not a file of ours
			}
		}
		throw new AssertionError("No " + own + " on the class path: does the module run "
				+ "spring-boot-configuration-processor, and do its tests run in its folder?");
	}

	static List<String> problems(String module, JsonNode metadata, String doc) {
		List<String> problems = new ArrayList<>();
		Map<String, String> rows = rows(module, doc, problems);
		Map<String, String> defaults = new LinkedHashMap<>();
		for (JsonNode property : metadata.path("properties")) {
			String name = property.path("name").asText();
			if (name.startsWith("tandem.")) {
				defaults.put(name, normalize(property.get("defaultValue")));
			}
		}
		defaults.forEach((name, metadataDefault) -> {
			String row = rows.get(name);
			if (row == null) {
				problems.add(name + " is in the metadata but has no row under ## " + module);
				return;
			}
			String docDefault = docDefault(row);
			if (metadataDefault != null && !metadataDefault.equals(docDefault)) {
				problems.add(name + ": the doc's default is " + quote(docDefault) + ", the metadata's `"
						+ metadataDefault + "`");
			}
			else if (metadataDefault == null && docDefault != null) {
				problems.add(name + ": the doc's default is `" + docDefault + "`, the metadata has none");
			}
		});
		rows.keySet()
			.stream()
			.filter((name) -> !defaults.containsKey(name))
			.forEach((name) -> problems.add(name + " has a row under ## " + module + " but is not in the metadata"));
		for (JsonNode hint : metadata.path("hints")) {
			String row = rows.get(hint.path("name").asText());
			for (JsonNode value : hint.path("values")) {
				if (row != null && !row.contains("`" + value.path("value").asText() + "`")) {
					problems.add(hint.path("name").asText() + ": the hinted value `" + value.path("value").asText()
							+ "` is not in its row");
				}
			}
		}
		return problems;
	}

	/** The module's rows by property name, each the whole line. */
	private static Map<String, String> rows(String module, String doc, List<String> problems) {
		Map<String, String> rows = new LinkedHashMap<>();
		String section = null;
		boolean found = false;
		for (String line : doc.split("\n")) {
			Matcher heading = SECTION.matcher(line);
			if (heading.find()) {
				section = heading.group(1);
				found |= module.equals(section);
				continue;
			}
			Matcher row = ROW.matcher(line.strip());
			if (module.equals(section) && row.matches() && rows.put(row.group(1), row.group(0)) != null) {
				problems.add(row.group(1) + " has more than one row under ## " + module);
			}
		}
		if (!found) {
			problems.add("no section ## " + module);
		}
		return rows;
	}

	/** The first value in backticks of the row's default column, or null. */
	private static String docDefault(String row) {
		Matcher cell = ROW.matcher(row);
		cell.matches();
		Matcher code = CODE.matcher(cell.group(2));
		return code.find() ? code.group(1).replaceAll(",\\s+", ",") : null;
	}

	/**
	 * Boot writes a list default as a JSON array or as the text "[A, B]"; both are A,B.
	 */
	private static String normalize(JsonNode value) {
		if (value == null || value.isNull()) {
			return null;
		}
		if (value.isArray()) {
			List<String> items = new ArrayList<>();
			value.forEach((item) -> items.add(item.asText()));
			return String.join(",", items);
		}
		String text = value.asText();
		if (text.startsWith("[") && text.endsWith("]")) {
			text = text.substring(1, text.length() - 1);
		}
		return text.replaceAll(",\\s+", ",");
	}

	private static String quote(String value) {
		return (value != null) ? "`" + value + "`" : "not given";
	}

}
