package dev.tandem.session.safewrite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hazelcast.core.IndeterminateOperationStateException;
import dev.tandem.session.safewrite.ConfirmedWriteSessionRepositoryTests.FlakyRepository;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.MapSession;
import org.springframework.session.web.http.SessionRepositoryFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request through the real filters, in the node's order: the 503 filter, then Spring
 * Session's own filter over the confirming repository, then a servlet that counts in the
 * session and writes its answer as an application does (the write commits the response,
 * which is when Spring Session saves). Only the store is a stand-in that fails on demand.
 */
class SafeWriteFilterChainTests {

	private final FlakyRepository store = new FlakyRepository();

	private final List<Duration> pauses = new ArrayList<>();

	private final Logger logger = (Logger) LoggerFactory.getLogger(UnconfirmedWriteResponseFilter.class);

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	private Level level;

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
	void aSaveConfirmedOnTheThirdAttemptShouldAnswerAsUsual() throws Exception {
		this.store.failNext(new IndeterminateOperationStateException("no ack"),
				new IndeterminateOperationStateException("no ack"));

		MockHttpServletResponse response = serve();

		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentAsString()).isEqualTo("{\"count\":1}");
		assertThat(response.getCookie("SESSION")).isNotNull();
		// Three attempts when the answer was written, then Spring Session's save at the
		// end of its filter (nothing left to write for Hazelcast's repository, which
		// saves only changes; this stand-in writes every time).
		assertThat(this.store.saveCalls).isEqualTo(4);
		assertThat(this.pauses).hasSize(2);
		assertThat(this.store.sessions.values()).singleElement()
			.satisfies((session) -> assertThat(session.<Integer>getAttribute("count")).isEqualTo(1));
		assertThat(this.log.list).isEmpty();
	}

	@Test
	void aSaveNeverConfirmedShouldAnswer503OnceAfterOneRoundOfAttempts() throws Exception {
		for (int i = 0; i < 10; i++) {
			this.store.failNext(new IndeterminateOperationStateException("no ack"));
		}

		MockHttpServletResponse response = serve();

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getContentAsString()).isEqualTo(UnconfirmedWriteResponseFilter.MESSAGE);
		assertThat(response.getCookie("SESSION")).isNull();
		// Spring Session saved twice (on commit, then when its filter ended); the second
		// failed at once.
		assertThat(this.store.saveCalls).isEqualTo(3);
		assertThat(this.pauses).hasSize(2);
		assertThat(this.log.list).singleElement()
			.satisfies((event) -> assertThat(event.getFormattedMessage())
				.isEqualTo("Answered 503 to POST /session: The session write was not confirmed by the cluster "
						+ "after 3 attempts: IndeterminateOperationStateException"));
	}

	private MockHttpServletResponse serve() throws Exception {
		ConfirmedWriteSessionRepository<MapSession> repository = new ConfirmedWriteSessionRepository<>(this.store, 3,
				Duration.ofMillis(100), this.pauses::add);
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/session");
		MockHttpServletResponse response = new MockHttpServletResponse();
		new MockFilterChain(new CountingServlet(), new UnconfirmedWriteResponseFilter(),
				new SessionRepositoryFilter<>(repository))
			.doFilter(request, response);
		return response;
	}

	static final class CountingServlet extends HttpServlet {

		private static final long serialVersionUID = 1L;

		@Override
		protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
			Integer count = (Integer) request.getSession().getAttribute("count");
			int next = (count != null) ? count + 1 : 1;
			request.getSession().setAttribute("count", next);
			response.setContentType("application/json");
			response.getOutputStream().write(("{\"count\":" + next + "}").getBytes(StandardCharsets.UTF_8));
			response.flushBuffer();
		}

	}

}
