package dev.tandem.gateway.routing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;

/**
 * Reduces a raw request path to the most generous reading any server behind the gateway
 * might give it, so a guard can judge the path by what a member could understand rather
 * than by its spelling. Percent-decoding is repeated until the path is stable (a few
 * rounds at most), {@code ;params} are dropped from each segment, backslashes count as
 * slashes, empty and dot segments are resolved, and the result is lower-cased. A path
 * that cannot be decoded strictly (malformed escapes, invalid or overlong UTF-8, control
 * characters, or still encoded after the last round) has no canonical form.
 */
final class PathCanonicalizer {

	/** Decoding rounds before a still-encoded path is refused: no client needs more. */
	static final int MAX_DECODE_ROUNDS = 3;

	private PathCanonicalizer() {
	}

	/**
	 * Canonicalize a raw (still encoded) request path.
	 * @param rawPath the path as received, may be {@code null} or empty
	 * @return the canonical path, always starting with {@code /}, or empty when the path
	 * cannot be decoded and must be refused
	 */
	static Optional<String> canonicalize(String rawPath) {
		String path = (rawPath != null) ? rawPath : "";
		for (int round = 0; path.indexOf('%') >= 0; round++) {
			if (round == MAX_DECODE_ROUNDS) {
				return Optional.empty();
			}
			// The path as received must be well-formed; a literal '%' revealed by an
			// earlier round is just a character, as it is to the member.
			String decoded = percentDecode(path, round == 0);
			if (decoded == null) {
				return Optional.empty();
			}
			if (decoded.equals(path)) {
				break;
			}
			path = decoded;
		}
		if (hasControlCharacter(path)) {
			return Optional.empty();
		}
		return Optional.of(normalizeSegments(path.replace('\\', '/')));
	}

	private static String percentDecode(String path, boolean strict) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
		int i = 0;
		while (i < path.length()) {
			char c = path.charAt(i);
			if (c == '%' && i + 2 < path.length() && isHex(path.charAt(i + 1)) && isHex(path.charAt(i + 2))) {
				bytes.write(Character.digit(path.charAt(i + 1), 16) * 16 + Character.digit(path.charAt(i + 2), 16));
				i += 3;
			}
			else if (c == '%' && strict) {
				return null;
			}
			else {
				int end = i + Character.charCount(path.codePointAt(i));
				bytes.writeBytes(path.substring(i, end).getBytes(StandardCharsets.UTF_8));
				i = end;
			}
		}
		try {
			// The JDK's UTF-8 decoder rejects overlong forms such as %c0%ae and lone
			// surrogates, which some servers would turn into '.' or '/'.
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes.toByteArray()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	private static boolean isHex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	private static boolean hasControlCharacter(String path) {
		return path.chars().anyMatch((c) -> c < 0x20 || c == 0x7f);
	}

	private static String normalizeSegments(String path) {
		Deque<String> segments = new ArrayDeque<>();
		for (String segment : path.split("/")) {
			int params = segment.indexOf(';');
			String name = (params >= 0) ? segment.substring(0, params) : segment;
			if (name.isEmpty() || name.equals(".")) {
				continue;
			}
			if (name.equals("..")) {
				segments.pollLast();
				continue;
			}
			segments.addLast(name.toLowerCase(Locale.ROOT));
		}
		return "/" + String.join("/", segments);
	}

}
