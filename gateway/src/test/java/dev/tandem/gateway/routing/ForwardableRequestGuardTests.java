package dev.tandem.gateway.routing;

import java.util.Optional;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardableRequestGuardTests {

	@Test
	void shouldForwardAPlainRequest() {
		assertThat(judge(request("GET", "/hello", "Host", "tandem.test:8080"))).isEmpty();
	}

	@Test
	void shouldForwardAChunkedPost() {
		assertThat(judge(request("POST", "/upload", "Host", "[::1]:8080", "Transfer-Encoding", "Chunked"))).isEmpty();
	}

	@Test
	void shouldForwardAnHttp10RequestWithoutHost() {
		assertThat(ForwardableRequestGuard.judge(HttpVersion.HTTP_1_0, "GET", "/hello", headers())).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "TRACE", "CONNECT" })
	void shouldRefuseTraceAndConnectWith405(String method) {
		assertThat(judge(request(method, "/hello", "Host", "tandem.test"))).contains(HttpStatus.METHOD_NOT_ALLOWED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "HTTP/1.2", "HTTP/2.0", "FOO/1.1" })
	void shouldRefuseUnknownVersions(String version) {
		assertThat(ForwardableRequestGuard.judge(HttpVersion.valueOf(version), "GET", "/hello",
				headers("Host", "tandem.test")))
			.contains(HttpStatus.BAD_REQUEST);
	}

	@ParameterizedTest
	@ValueSource(strings = { "evil.test/x", "a@evil.test", "tandem.test:99x", "", "evil test", "[::1" })
	void shouldRefuseAnInvalidHost(String host) {
		assertThat(judge(request("GET", "/hello", "Host", host))).contains(HttpStatus.BAD_REQUEST);
	}

	@Test
	void shouldRefuseHttp11WithoutHostOrWithTwo() {
		assertThat(judge(request("GET", "/hello"))).contains(HttpStatus.BAD_REQUEST);
		assertThat(judge(request("GET", "/hello", "Host", "a.test", "Host", "b.test")))
			.contains(HttpStatus.BAD_REQUEST);
	}

	@ParameterizedTest
	@ValueSource(strings = { "xchunked", "chunked, identity", "gzip, chunked", "identity", "\u000bchunked" })
	void shouldRefuseAnyTransferEncodingButChunked(String coding) {
		assertThat(judge(request("POST", "/upload", "Host", "tandem.test", "Transfer-Encoding", coding)))
			.contains(HttpStatus.BAD_REQUEST);
	}

	@Test
	void shouldRefuseTwoTransferEncodingsOrOneBesideAContentLength() {
		assertThat(judge(request("POST", "/upload", "Host", "tandem.test", "Transfer-Encoding", "chunked",
				"Transfer-Encoding", "chunked")))
			.contains(HttpStatus.BAD_REQUEST);
		assertThat(judge(request("POST", "/upload", "Host", "tandem.test", "Transfer-Encoding", "chunked",
				"Content-Length", "5")))
			.contains(HttpStatus.BAD_REQUEST);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/h\u00c3\u00a9llo", "/a b", "/tab\there" })
	void shouldRefuseARequestTargetOutsidePrintableAscii(String target) {
		assertThat(judge(request("GET", target, "Host", "tandem.test"))).contains(HttpStatus.BAD_REQUEST);
	}

	/** The arguments of a judgement, as one value so each test reads as one call. */
	private record Head(String method, String target, HttpHeaders headers) {

	}

	private static Optional<HttpStatus> judge(Head head) {
		return ForwardableRequestGuard.judge(HttpVersion.HTTP_1_1, head.method(), head.target(), head.headers());
	}

	private static Head request(String method, String target, String... headers) {
		return new Head(method, target, headers(headers));
	}

	private static HttpHeaders headers(String... namesAndValues) {
		// Unvalidated, as some of these values never get past Netty's own decoder.
		HttpHeaders headers = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			headers.add(namesAndValues[i], namesAndValues[i + 1]);
		}
		return headers;
	}

}
