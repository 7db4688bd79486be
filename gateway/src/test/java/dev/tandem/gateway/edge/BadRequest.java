package dev.tandem.gateway.edge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BiConsumer;

import dev.tandem.gateway.testing.StubMember;

/**
 * One malformed request of the corpus: its bytes and what the gateway must do with it.
 *
 * @param name a short unique name, shown as the test's name
 * @param category the RELIABILITY.md category it belongs to
 * @param bytes the request exactly as written to the socket
 * @param expectation what must happen
 * @param readFor how long the connection stays open for the answer at most
 */
record BadRequest(String name, Category category, byte[] bytes, Expectation expectation, Duration readFor) {

	static final Duration DEFAULT_READ = Duration.ofSeconds(4);

	/** The categories of RELIABILITY.md "Bad input at the gateway". */
	enum Category {

		SMUGGLING("request smuggling"), FRAMING("framing and limits"), PROTOCOL("protocol junk"), COOKIES("cookies"),
		PATHS("paths"), HEADERS("headers");

		final String title;

		Category(String title) {
			this.title = title;
		}

	}

	/**
	 * What the gateway must do: refuse (a 4xx or a closed connection, nothing reaching a
	 * member), or forward exactly one request whose shape {@code check} asserts.
	 *
	 * @param refused the request must not be forwarded
	 * @param headMayReachMember a streamed body's head may reach a member, but never a
	 * complete request
	 * @param check for a forwarded request, assertions on what the member received and on
	 * what the client saw
	 */
	record Expectation(boolean refused, boolean headMayReachMember,
			BiConsumer<StubMember.Received, RawExchange> check) {

		static Expectation refuse() {
			return new Expectation(true, false, null);
		}

		static Expectation refuseWithHeadStreamed() {
			return new Expectation(true, true, null);
		}

		static Expectation forward(BiConsumer<StubMember.Received, RawExchange> check) {
			return new Expectation(false, false, check);
		}

	}

	static BadRequest of(String name, Category category, String text, Expectation expectation) {
		return new BadRequest(name, category, text.getBytes(StandardCharsets.ISO_8859_1), expectation, DEFAULT_READ);
	}

	BadRequest readingFor(Duration duration) {
		return new BadRequest(this.name, this.category, this.bytes, this.expectation, duration);
	}

	@Override
	public String toString() {
		return this.category.name().toLowerCase(java.util.Locale.ROOT) + ": " + this.name;
	}

}
