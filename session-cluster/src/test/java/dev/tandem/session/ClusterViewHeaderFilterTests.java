package dev.tandem.session;

import java.util.List;

import dev.tandem.shared.TandemHeaders;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterViewHeaderFilterTests {

	private final MutableView cluster = new MutableView("before");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Test
	void shouldNameTheViewTheSessionWasSavedInWhenTheAnswerIsCommittedByAFlush() throws Exception {
		// As Spring Session does: the save (during which the view changes) runs when the
		// application flushes, before the head goes out.
		filter((request, response) -> {
			response.getOutputStream().write('x');
			this.cluster.id = "after";
			response.getOutputStream().flush();
		});

		assertThat(this.response.isCommitted()).isTrue();
		assertThat(this.response.getHeader(TandemHeaders.VIEW)).isEqualTo("after");
	}

	@Test
	void shouldNameTheViewAtTheEndWhenTheAnswerWasStillBuffered() throws Exception {
		filter((request, response) -> {
			response.getWriter().write("short");
			this.cluster.id = "after";
		});

		assertThat(this.response.getHeader(TandemHeaders.VIEW)).isEqualTo("after");
	}

	@Test
	void shouldKeepTheViewOfTheCommitWhenItChangesAfterTheHeadWentOut() throws Exception {
		filter((request, response) -> {
			response.getWriter().write("long");
			response.flushBuffer();
			this.cluster.id = "after";
		});

		assertThat(this.response.getHeaders(TandemHeaders.VIEW)).isEqualTo(List.of("before"));
	}

	@Test
	void shouldStampAnErrorAnswer() throws Exception {
		filter((request, response) -> ((jakarta.servlet.http.HttpServletResponse) response).sendError(500));

		assertThat(this.response.getHeader(TandemHeaders.VIEW)).isEqualTo("before");
	}

	private void filter(FilterChain chain) throws Exception {
		new ClusterViewHeaderFilter(this.cluster).doFilter(new MockHttpServletRequest("GET", "/session"), this.response,
				chain);
	}

	private static final class MutableView implements SessionCluster {

		private volatile String id;

		MutableView(String id) {
			this.id = id;
		}

		@Override
		public SessionClusterState state() {
			throw new UnsupportedOperationException("only the view id is asked");
		}

		@Override
		public String viewId() {
			return this.id;
		}

	}

}
