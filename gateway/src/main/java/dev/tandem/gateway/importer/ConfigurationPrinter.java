package dev.tandem.gateway.importer;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Prints a translation as a {@code .properties} file or as YAML, with the findings as
 * comments at the top and each property's own comments above it. Both forms bind to the
 * same properties; the YAML form nests the keys and writes indexed keys as lists.
 */
final class ConfigurationPrinter {

	/** A YAML value that needs no quotes: no indicator first, no ": " or " #" inside. */
	private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9/][A-Za-z0-9._/:@|,*-]*");

	private static final Pattern INDEXED = Pattern.compile("(.+)\\[(\\d+)]");

	/** A map key in brackets, such as a group name with a '.': {@code groups[a.b]}. */
	private static final Pattern KEYED = Pattern.compile("(.+)(\\[[^\\]]+])");

	/** A '.' that separates two parts of a key, not one inside brackets. */
	private static final Pattern SEPARATOR = Pattern.compile("\\.(?![^\\[]*])");

	private ConfigurationPrinter() {
	}

	static void properties(Translation translation, List<String> header, PrintStream out) {
		header(translation, header, out);
		for (Translation.Line line : translation.lines()) {
			for (String comment : line.comments()) {
				out.println("# " + comment);
			}
			out.println(line.key() + "=" + line.value().replace("\\", "\\\\"));
		}
	}

	static void yaml(Translation translation, List<String> header, PrintStream out) {
		header(translation, header, out);
		Map<String, Object> tree = new LinkedHashMap<>();
		for (Translation.Line line : translation.lines()) {
			put(tree, SEPARATOR.split(line.key()), 0, line);
		}
		writeMap(tree, 0, out, false);
	}

	private static void header(Translation translation, List<String> header, PrintStream out) {
		for (String line : header) {
			out.println("# " + line);
		}
		if (!translation.findings().isEmpty()) {
			out.println("#");
		}
		for (Finding finding : translation.findings()) {
			out.println("# " + finding.comment());
		}
		out.println();
	}

	@SuppressWarnings("unchecked")
	private static void put(Map<String, Object> map, String[] parts, int at, Translation.Line line) {
		var indexed = INDEXED.matcher(parts[at]);
		var keyed = KEYED.matcher(parts[at]);
		boolean last = at == parts.length - 1;
		if (!indexed.matches() && keyed.matches()) {
			// YAML keeps the brackets in the key, quoted: "[a.b]".
			Map<String, Object> parent = (Map<String, Object>) map.computeIfAbsent(keyed.group(1),
					(k) -> new LinkedHashMap<String, Object>());
			String[] rest = parts.clone();
			rest[at] = keyed.group(2);
			put(parent, rest, at, line);
		}
		else if (indexed.matches()) {
			List<Map<String, Object>> list = (List<Map<String, Object>>) map.computeIfAbsent(indexed.group(1),
					(k) -> new ArrayList<Map<String, Object>>());
			int index = Integer.parseInt(indexed.group(2));
			while (list.size() <= index) {
				list.add(new LinkedHashMap<>());
			}
			put(list.get(index), parts, at + 1, line);
		}
		else if (last) {
			map.put(parts[at], line);
		}
		else {
			put((Map<String, Object>) map.computeIfAbsent(parts[at], (k) -> new LinkedHashMap<String, Object>()), parts,
					at + 1, line);
		}
	}

	/** A key in brackets is quoted: a bare '[' would start a YAML list. */
	private static String key(String key) {
		return key.startsWith("[") ? "\"" + key + "\"" : key;
	}

	@SuppressWarnings("unchecked")
	private static void writeMap(Map<String, Object> map, int indent, PrintStream out, boolean firstInItem) {
		boolean first = firstInItem;
		for (Map.Entry<String, Object> entry : map.entrySet()) {
			// The first key of a list item follows its "- " on the same line.
			String pad = first ? "" : " ".repeat(indent);
			first = false;
			if (entry.getValue() instanceof Translation.Line line) {
				for (String comment : line.comments()) {
					out.println(pad + "# " + comment);
					pad = " ".repeat(indent);
				}
				out.println(pad + key(entry.getKey()) + ": " + scalar(line.value()));
			}
			else if (entry.getValue() instanceof List<?> list) {
				out.println(pad + key(entry.getKey()) + ":");
				for (Object item : list) {
					out.print(" ".repeat(indent + 2) + "- ");
					writeMap((Map<String, Object>) item, indent + 4, out, true);
				}
			}
			else {
				out.println(pad + key(entry.getKey()) + ":");
				writeMap((Map<String, Object>) entry.getValue(), indent + 2, out, false);
			}
		}
	}

	private static String scalar(String value) {
		if (PLAIN.matcher(value).matches() && !value.equalsIgnoreCase("yes") && !value.equalsIgnoreCase("no")
				&& !value.equalsIgnoreCase("on") && !value.equalsIgnoreCase("off") && !value.equalsIgnoreCase("null")) {
			return value;
		}
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

}
