package dev.tandem.deploy.compose;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of compose's variable interpolation that Tandem's compose files use:
 * {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME:?message}} and {@code $$} for
 * a literal dollar. Any other use of {@code $} fails, so a form this reader does not know
 * can never pass as text; {@code ComposeConfigIT} checks that the real tool reads the
 * files the same way.
 */
final class ComposeVariables {

	private static final Pattern REFERENCE = Pattern
		.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\\?)([^}]*))?}|\\$");

	private final Map<String, String> values;

	ComposeVariables(Map<String, String> values) {
		this.values = Map.copyOf(values);
	}

	/** The text with every reference replaced, as compose would with these values set. */
	String interpolate(String text) {
		Matcher matcher = REFERENCE.matcher(text);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(result, Matcher.quoteReplacement(replacement(matcher, text)));
		}
		matcher.appendTail(result);
		return result.toString();
	}

	private String replacement(Matcher matcher, String text) {
		String reference = matcher.group();
		if (reference.equals("$$")) {
			return "$";
		}
		String name = matcher.group(1);
		if (name == null) {
			throw new IllegalArgumentException("unsupported use of $ in '" + text + "'");
		}
		String value = this.values.get(name);
		boolean unset = value == null || value.isEmpty();
		if (":?".equals(matcher.group(2)) && unset) {
			throw new IllegalArgumentException(name + " is required: " + matcher.group(3));
		}
		if (":-".equals(matcher.group(2)) && unset) {
			return matcher.group(3);
		}
		return (value != null) ? value : "";
	}

}
