package dev.tandem.gateway.edge;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every spelling of an {@code /actuator/...} path that some server behind a proxy might
 * read as that path: encoded, double-encoded, dot segments, {@code ;params}, backslashes,
 * overlong UTF-8, case, empty segments and absolute form.
 */
final class ActuatorSpellings {

	private ActuatorSpellings() {
	}

	/**
	 * The spellings of a path.
	 * @param path a path starting with {@code /actuator}
	 * @return the distinct spellings, the path itself first
	 */
	static List<String> of(String path) {
		String rest = path.substring("/actuator".length());
		String tail = path.substring(1);
		Set<String> spellings = new LinkedHashSet<>();
		spellings.add(path);
		spellings.add(path + "/");
		spellings.add(path + "?x=1");
		spellings.add(path.toUpperCase(Locale.ROOT));
		spellings.add("/Actuator" + rest);
		spellings.add("/%61ctuator" + rest);
		spellings.add("/%2561ctuator" + rest);
		spellings.add(encodeEveryCharacter(path));
		spellings.add("/x/../" + tail);
		spellings.add("/x/..;/" + tail);
		spellings.add("/x/%2e%2e/" + tail);
		spellings.add("/x/%2E%2E/" + tail);
		spellings.add("/x/%252e%252e/" + tail);
		spellings.add("/x/..%2f" + tail);
		spellings.add("/x/..%252f" + tail);
		spellings.add("/x/%c0%ae%c0%ae/" + tail);
		spellings.add("/x/..%c0%af" + tail);
		spellings.add("/" + tail.replace("/", "%2f"));
		spellings.add("/" + tail.replace("/", "%2F"));
		spellings.add("/" + tail.replace("/", "%252f"));
		spellings.add(path.replace('/', '\\'));
		spellings.add("/%5c" + tail.replace("/", "%5c"));
		spellings.add("//" + tail);
		spellings.add("/./" + tail);
		spellings.add("/actuator;x=y" + rest);
		spellings.add(path + ";");
		spellings.add(path + "%00");
		spellings.add("http://tandem.test" + path);
		return List.copyOf(spellings);
	}

	private static String encodeEveryCharacter(String path) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
			encoded.append((b == '/') ? "/" : String.format("%%%02X", b));
		}
		return encoded.toString();
	}

}
