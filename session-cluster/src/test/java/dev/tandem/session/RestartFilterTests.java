package dev.tandem.session;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Only a POST with the right bearer token asks for a restart, and only after its answer
 * has gone out; the rest of the filter chain never runs.
 */
class RestartFilterTests {

	private static final String TOKEN = "0123456789abcdef-token";

	private final NodeRestart restart = mock(NodeRestart.class);

	private final FilterChain chain = mock(FilterChain.class);

	private final RestartFilter filter = new RestartFilter(TOKEN, this.restart);

	@Test
	void shouldAcceptTheRightTokenAndAskForTheRestartAfterAnswering() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicBoolean answeredFirst = new AtomicBoolean();
		willAnswer((invocation) -> {
			answeredFirst.set(response.isCommitted());
			return null;
		}).given(this.restart).request(any());

		this.filter.doFilter(post("Bearer " + TOKEN), response, this.chain);

		assertThat(response.getStatus()).isEqualTo(202);
		assertThat(response.getContentType()).isEqualTo("application/json");
		assertThat(response.getContentAsString()).isEqualTo("{\"restarting\":true}");
		verify(this.restart).request("10.1.2.3");
		assertThat(answeredFirst).as("response committed before the restart was asked for").isTrue();
		verifyNoInteractions(this.chain);
	}

	@Test
	void shouldTakeTheSchemeInAnyCase() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.filter.doFilter(post("bearer " + TOKEN), response, this.chain);

		assertThat(response.getStatus()).isEqualTo(202);
	}

	// The WARN line is checked where Boot sets up logging, in RestartEndpointIT.
	@Test
	void shouldRefuseAWrongToken() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.filter.doFilter(post("Bearer " + TOKEN + "x"), response, this.chain);

		assertUnauthorized(response);
	}

	@Test
	void shouldRefuseAPrefixOfTheToken() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.filter.doFilter(post("Bearer " + TOKEN.substring(0, 16)), response, this.chain);

		assertUnauthorized(response);
	}

	@Test
	void shouldRefuseAMissingToken() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.filter.doFilter(post(null), response, this.chain);

		assertUnauthorized(response);
	}

	@Test
	void shouldRefuseOtherSchemes() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.filter.doFilter(post("Basic " + TOKEN), response, this.chain);

		assertUnauthorized(response);
	}

	@Test
	void shouldAllowPostOnly() throws Exception {
		MockHttpServletRequest request = post("Bearer " + TOKEN);
		request.setMethod("GET");
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.filter.doFilter(request, response, this.chain);

		assertThat(response.getStatus()).isEqualTo(405);
		assertThat(response.getHeader("Allow")).isEqualTo("POST");
		verifyNoInteractions(this.restart, this.chain);
	}

	private void assertUnauthorized(MockHttpServletResponse response) throws Exception {
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(response.getContentAsString())
			.isEqualTo("Restarting this node needs the restart token as a bearer token.\n");
		verifyNoInteractions(this.restart, this.chain);
	}

	private static MockHttpServletRequest post(String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", RestartFilter.PATH);
		request.setRemoteAddr("10.1.2.3");
		if (authorization != null) {
			request.addHeader("Authorization", authorization);
		}
		return request;
	}

}
