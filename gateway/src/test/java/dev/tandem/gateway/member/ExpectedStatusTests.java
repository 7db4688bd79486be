package dev.tandem.gateway.member;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExpectedStatusTests {

	@Test
	void shouldAcceptASingleStatus() {
		assertThat(passing("200")).containsExactly(200);
	}

	@Test
	void shouldAcceptAClassInEitherCase() {
		assertThat(passing("2xx")).containsExactlyElementsOf(IntStream.rangeClosed(200, 299).boxed().toList());
		assertThat(passing("3XX")).containsExactlyElementsOf(IntStream.rangeClosed(300, 399).boxed().toList());
	}

	@Test
	void shouldAcceptAnInclusiveRange() {
		assertThat(passing("200-399")).containsExactlyElementsOf(IntStream.rangeClosed(200, 399).boxed().toList());
		assertThat(passing("302-302")).containsExactly(302);
	}

	@Test
	void shouldAcceptAListWithBlanks() {
		ExpectedStatus status = ExpectedStatus.parse(" 200 , 302,4xx").orElseThrow();
		assertThat(IntStream.rangeClosed(100, 599).filter(status::matches).boxed().toList()).startsWith(200, 302, 400)
			.endsWith(499)
			.hasSize(102);
		assertThat(status).hasToString("200,302,4xx");
	}

	@Test
	void shouldRefuseEverythingElse() {
		for (String text : new String[] { null, "", " ", "ok", "2xx,", ",200", "600", "099", "99", "1000", "399-200",
				"2xx-3xx", "200;302", "20x", "x2xx", "200-", "-200", "6xx", "0xx", "+200" }) {
			assertThat(ExpectedStatus.parse(text)).as(String.valueOf(text)).isEmpty();
		}
	}

	@Test
	void shouldBeEqualWhenWrittenTheSameWay() {
		assertThat(ExpectedStatus.parse("2XX")).isEqualTo(ExpectedStatus.parse("2xx"))
			.contains(ExpectedStatus.SUCCESSFUL);
	}

	private static java.util.List<Integer> passing(String text) {
		ExpectedStatus status = ExpectedStatus.parse(text).orElseThrow();
		return IntStream.rangeClosed(100, 599).filter(status::matches).boxed().toList();
	}

}
