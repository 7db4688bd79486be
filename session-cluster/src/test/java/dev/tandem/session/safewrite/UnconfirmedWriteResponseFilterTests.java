package dev.tandem.session.safewrite;

import java.io.IOException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hazelcast.core.IndeterminateOperationStateException;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class UnconfirmedWriteResponseFilterTests {

	private final Logger logger = (Logger) LoggerFactory.getLogger(UnconfirmedWriteResponseFilter.class);

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	private final UnconfirmedWriteResponseFilter filter = new UnconfirmedWriteResponseFilter();

	private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/session");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	private Level level;

	// The test class path's logging configuration may leave WARN out.
	@BeforeEach
	void captureLog() {
		this.level = this.logger.getLevel();
		this.logger.setLevel(Level.WARN);
		this.log.start();
		this.logger.addAppender(this.log);
	}

	@AfterEach
	void releaseLog() {
		this.logger.detachAppender(this.log);
		this.logger.setLevel(this.level);
	}

	@Test
	void shouldAnswer503WithOneSentenceAndOneLogLineWhenTheSaveStayedUnconfirmed() throws Exception {
		this.filter.doFilter(this.request, this.response, (request, response) -> {
			this.response.setHeader("X-Tandem-Node", "n1");
			response.setContentType("application/json");
			response.getWriter().write("{\"count\":4}");
			// As Spring MVC hands the save's failure on.
			throw new ServletException("Request processing failed",
					new UnconfirmedSessionWriteException(3, new IndeterminateOperationStateException("no ack")));
		});

		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getContentAsString()).isEqualTo(UnconfirmedWriteResponseFilter.MESSAGE);
		assertThat(this.response.getContentType()).startsWith("text/plain");
		assertThat(this.response.getHeader("Retry-After")).isEqualTo("1");
		assertThat(this.response.getHeader("X-Tandem-Node")).isEqualTo("n1");
		assertThat(this.response.getCookies()).isEmpty();
		assertThat(this.log.list).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getFormattedMessage()).startsWith("Answered 503 to POST /session: ")
				.contains("after 3 attempts", "IndeterminateOperationStateException")
				.doesNotContain("no ack");
			assertThat(event.getThrowableProxy()).isNull();
		});
	}

	@Test
	void shouldAnswer503ForAnIndeterminateWriteThatWasNotRetried() throws Exception {
		this.filter.doFilter(this.request, this.response, (request, response) -> {
			throw new IndeterminateOperationStateException("no ack");
		});

		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getContentAsString()).isEqualTo(UnconfirmedWriteResponseFilter.MESSAGE);
	}

	@Test
	void shouldPassOtherFailuresOn() {
		IOException broken = new IOException("broken pipe");

		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> this.filter.doFilter(this.request, this.response, (request, response) -> {
				throw broken;
			}))
			.isSameAs(broken);
		assertThat(this.response.getStatus()).isEqualTo(200);
	}

	@Test
	void shouldFailTheExchangeWhenTheResponseWasAlreadyCommitted() throws Exception {
		RuntimeException unconfirmed = new UnconfirmedSessionWriteException(3, new IllegalStateException());

		assertThatExceptionOfType(UnconfirmedSessionWriteException.class)
			.isThrownBy(() -> this.filter.doFilter(this.request, this.response, (request, response) -> {
				response.getWriter().write("partial");
				response.flushBuffer();
				throw unconfirmed;
			}))
			.isSameAs(unconfirmed);
		assertThat(this.response.getContentAsString()).isEqualTo("partial");
	}

}
