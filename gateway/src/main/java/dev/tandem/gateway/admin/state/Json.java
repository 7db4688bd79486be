package dev.tandem.gateway.admin.state;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tandem.gateway.member.AdminState;

/**
 * The JSON both files share: one strict mapper, and field readers that refuse what the
 * writer never produces (a fraction for a weight, a number for a name), each failure
 * naming the field, so a damaged file is recognised rather than half-read.
 */
final class Json {

	/**
	 * Trailing content and repeated keys are signs of a damaged file, not something to
	 * read past.
	 */
	static final ObjectMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private Json() {
	}

	static JsonNode parse(byte[] content) throws IOException {
		JsonNode root = MAPPER.readTree(content);
		if (root == null || root.isMissingNode()) {
			throw new IllegalArgumentException("it is empty");
		}
		return root;
	}

	static JsonNode object(JsonNode node, String where) {
		if (node == null || !node.isObject()) {
			String name = where.endsWith(".") ? where.substring(0, where.length() - 1) : where;
			throw new IllegalArgumentException(name + " must be a JSON object");
		}
		return node;
	}

	static JsonNode array(JsonNode parent, String field, String where) {
		JsonNode node = parent.get(field);
		if (node == null || !node.isArray()) {
			throw new IllegalArgumentException(where + field + " must be a JSON array");
		}
		return node;
	}

	static String text(JsonNode parent, String field, String where) {
		JsonNode node = parent.get(field);
		if (node == null || !node.isTextual()) {
			throw new IllegalArgumentException(where + field + " must be a string");
		}
		return node.textValue();
	}

	/** A string, or {@code null} when the field is missing or null. */
	static String optionalText(JsonNode parent, String field, String where) {
		JsonNode node = parent.get(field);
		return (node == null || node.isNull()) ? null : text(parent, field, where);
	}

	static int integer(JsonNode parent, String field, String where) {
		JsonNode node = parent.get(field);
		if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
			throw new IllegalArgumentException(where + field + " must be a whole number");
		}
		return node.intValue();
	}

	static long longInteger(JsonNode parent, String field, String where) {
		JsonNode node = parent.get(field);
		if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
			throw new IllegalArgumentException(where + field + " must be a whole number");
		}
		return node.longValue();
	}

	static Instant instant(JsonNode parent, String field, String where) {
		String text = text(parent, field, where);
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(where + field + " must be an ISO-8601 UTC time, but was '" + text + "'");
		}
	}

	/** A time, or {@code null} when the field is missing or null. */
	static Instant optionalInstant(JsonNode parent, String field, String where) {
		JsonNode node = parent.get(field);
		return (node == null || node.isNull()) ? null : instant(parent, field, where);
	}

	static URI uri(JsonNode parent, String field, String where) {
		String text = text(parent, field, where);
		try {
			return new URI(text);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException(where + field + " must be an address, but was '" + text + "'");
		}
	}

	static AdminState state(JsonNode parent, String field, String where) {
		String text = text(parent, field, where);
		try {
			return AdminState.named(text);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					where + field + " must be active, draining or disabled, but was '" + text + "'");
		}
	}

	/**
	 * Why a file could not be used, in one line: Jackson's messages span several lines
	 * and quote the content.
	 */
	static String reason(Exception ex) {
		String message;
		if (ex instanceof JsonProcessingException json) {
			message = "is not valid JSON ("
					+ json.getOriginalMessage() + ((json.getLocation() != null) ? " at line "
							+ json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() : "")
					+ ")";
		}
		else if (ex instanceof IllegalArgumentException) {
			message = "is invalid: " + ex.getMessage();
		}
		else {
			message = "cannot be read (" + ex + ")";
		}
		// The member model's sentences end with a full stop; the caller's sentence goes
		// on.
		return message.replaceAll("\\s+", " ").replaceAll("\\.$", "");
	}

}
