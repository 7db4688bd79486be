package dev.tandem.gateway.routing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PathCanonicalizerTests {

	@Test
	void shouldDecodeRepeatedlyUntilStable() {
		assertThat(PathCanonicalizer.canonicalize("/%2561ctuator/%2565nv")).hasValue("/actuator/env");
	}

	@Test
	void shouldKeepALiteralPercentRevealedByDecoding() {
		assertThat(PathCanonicalizer.canonicalize("/100%25done")).hasValue("/100%done");
	}

	@Test
	void shouldDropParametersFromEverySegment() {
		assertThat(PathCanonicalizer.canonicalize("/shop;jsessionid=abc.was1/cart;v=2")).hasValue("/shop/cart");
	}

	@Test
	void shouldResolveDotSegmentsWithoutClimbingAboveTheRoot() {
		assertThat(PathCanonicalizer.canonicalize("/a/./b/../../../c")).hasValue("/c");
	}

	@Test
	void shouldTreatBackslashesAndEmptySegmentsAsSingleSlashes() {
		assertThat(PathCanonicalizer.canonicalize("\\a//b\\\\c/")).hasValue("/a/b/c");
	}

	@Test
	void shouldLowerCase() {
		assertThat(PathCanonicalizer.canonicalize("/Shop/CART")).hasValue("/shop/cart");
	}

	@Test
	void shouldDecodeUtf8() {
		assertThat(PathCanonicalizer.canonicalize("/gr%C3%BC%C3%9Fe")).hasValue("/grüße");
	}

	@Test
	void shouldRefuseOverlongUtf8() {
		assertThat(PathCanonicalizer.canonicalize("/%c0%ae%c0%ae/")).isEmpty();
	}

	@Test
	void shouldRefusePathsStillEncodedAfterTheLastRound() {
		assertThat(PathCanonicalizer.canonicalize("/%252561")).hasValue("/a");
		assertThat(PathCanonicalizer.canonicalize("/%25252561")).isEmpty();
	}

}
