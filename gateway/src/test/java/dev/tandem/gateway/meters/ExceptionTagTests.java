package dev.tandem.gateway.meters;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExceptionTagTests {

	@Test
	void namesAnErrorByItsClassesSimpleName() {
		assertThat(ExceptionTag.of(new ConnectException("refused"))).isEqualTo("ConnectException");
	}

	@Test
	void namesAnAnonymousErrorByItsFullName() {
		Throwable anonymous = new IllegalStateException() {
		};
		assertThat(ExceptionTag.of(anonymous)).isEqualTo(anonymous.getClass().getName())
			.startsWith(ExceptionTagTests.class.getName());
	}

}
