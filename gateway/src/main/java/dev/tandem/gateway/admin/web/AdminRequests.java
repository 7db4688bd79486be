package dev.tandem.gateway.admin.web;

import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.gateway.admin.ChangeRefused;
import dev.tandem.gateway.member.AdminState;
import reactor.core.publisher.Mono;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Reads the JSON bodies of the admin API strictly: a JSON object of at most
 * {@value #MAX_BODY_BYTES} bytes, only the fields the endpoint knows, each of its type,
 * else a {@link ChangeRefused} with a sentence naming the field. Lenient parsing would
 * let a typo ({@code "wieght": 3}) answer 200 and change nothing.
 */
final class AdminRequests {

	/** No admin request needs more. */
	static final int MAX_BODY_BYTES = 16 * 1024;

	/** The longest reason kept in the audit log. */
	static final int MAX_REASON_LENGTH = 500;

	private static final ObjectMapper JSON = new ObjectMapper();

	private AdminRequests() {
	}

	/**
	 * The request's body as a JSON object with only these fields.
	 * @param request the request
	 * @param fields the fields the endpoint knows
	 * @return the object; an error signal with a {@link ChangeRefused} for bad input
	 */
	static Mono<JsonNode> object(ServerRequest request, Set<String> fields) {
		return object(request, fields, false);
	}

	/**
	 * The request's body as a JSON object with only these fields.
	 * @param request the request
	 * @param fields the fields the endpoint knows
	 * @param emptyAllowed whether no body at all means an empty object
	 * @return the object; an error signal with a {@link ChangeRefused} for bad input
	 */
	static Mono<JsonNode> object(ServerRequest request, Set<String> fields, boolean emptyAllowed) {
		MediaType type = request.headers().contentType().orElse(null);
		if (type != null && !MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
			return Mono.error(new ChangeRefused(415, "Send the body as application/json, not " + type + "."));
		}
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), MAX_BODY_BYTES).map((buffer) -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			return bytes;
		})
			.defaultIfEmpty(new byte[0])
			.onErrorMap(DataBufferLimitException.class,
					(ex) -> new ChangeRefused(413, "The body is larger than " + MAX_BODY_BYTES / 1024 + " KB."))
			.map((bytes) -> (bytes.length == 0 && emptyAllowed) ? JSON.createObjectNode() : parse(bytes, fields));
	}

	private static JsonNode parse(byte[] bytes, Set<String> fields) {
		JsonNode node;
		try {
			node = (bytes.length == 0) ? null : JSON.readTree(bytes);
		}
		catch (JsonProcessingException ex) {
			throw new ChangeRefused(400, "The body is not valid JSON (" + ex.getOriginalMessage() + ").");
		}
		catch (IOException ex) {
			throw new ChangeRefused(400, "The body cannot be read.");
		}
		if (node == null || !node.isObject()) {
			throw new ChangeRefused(400, "The body must be a JSON object with " + String.join(", ", fields) + ".");
		}
		for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
			String name = names.next();
			if (!fields.contains(name)) {
				throw new ChangeRefused(400, "Unknown field '" + printable(name) + "'; this endpoint takes "
						+ String.join(", ", fields) + ".");
			}
		}
		return node;
	}

	static Integer integer(JsonNode body, String field) {
		JsonNode value = body.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isIntegralNumber() || !value.canConvertToInt()) {
			throw new ChangeRefused(400, field + " must be a whole number, but was " + shown(value) + ".");
		}
		return value.intValue();
	}

	static Long version(JsonNode body) {
		JsonNode value = body.get("version");
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isIntegralNumber() || !value.canConvertToLong()) {
			throw new ChangeRefused(400,
					"version must be the whole number GET /api/members answered, but was " + shown(value) + ".");
		}
		return value.longValue();
	}

	static String text(JsonNode body, String field, int maxLength) {
		JsonNode value = body.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isTextual()) {
			throw new ChangeRefused(400, field + " must be a string, but was " + shown(value) + ".");
		}
		String text = value.textValue();
		if (text.length() > maxLength) {
			throw new ChangeRefused(400, field + " must be at most " + maxLength + " characters long.");
		}
		return text;
	}

	static String reason(JsonNode body) {
		String reason = text(body, "reason", MAX_REASON_LENGTH);
		if (reason != null && !reason.chars().allMatch((c) -> c >= 0x20 && c != 0x7f)) {
			throw new ChangeRefused(400, "reason must be one line of printable text.");
		}
		return (reason == null || reason.isBlank()) ? null : reason.strip();
	}

	static AdminState state(JsonNode body) {
		String text = text(body, "state", 20);
		if (text == null) {
			return null;
		}
		try {
			return AdminState.named(text);
		}
		catch (IllegalArgumentException ex) {
			throw new ChangeRefused(400,
					"state must be active, draining or disabled, but was '" + printable(text) + "'.");
		}
	}

	static Duration duration(JsonNode body, String field) {
		String text = text(body, field, 40);
		if (text == null) {
			return null;
		}
		try {
			return DurationStyle.detectAndParse(text.strip());
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			throw new ChangeRefused(400,
					field + " must be a duration such as 30m, 2h or PT30M, but was '" + printable(text) + "'.");
		}
	}

	static boolean flag(ServerRequest request, String name) {
		String value = request.queryParam(name).orElse("false");
		if (!value.equals("true") && !value.equals("false")) {
			throw new ChangeRefused(400, name + " must be true or false, but was '" + printable(value) + "'.");
		}
		return Boolean.parseBoolean(value);
	}

	private static String shown(JsonNode value) {
		String text = value.toString();
		return (text.length() > 40) ? text.substring(0, 40) + "..." : text;
	}

	/** Echo client text only as short, printable ASCII. */
	static String printable(String text) {
		String cleaned = text.replaceAll("[^\\x20-\\x7e]", "?");
		return (cleaned.length() > 64) ? cleaned.substring(0, 64) + "..." : cleaned;
	}

}
