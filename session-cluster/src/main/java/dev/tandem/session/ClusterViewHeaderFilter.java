package dev.tandem.session;

import java.io.IOException;
import java.io.PrintWriter;

import dev.tandem.shared.TandemHeaders;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Tells the gateway, in {@code X-Tandem-View}, in which view of the cluster this node
 * answered: the id is read when the answer's head goes out, which is after Spring Session
 * saved the request's session (this filter runs outside Spring Session's, whose save
 * happens on commit). A write that completed only because this node's view changed (its
 * peers were just declared gone) therefore carries the new view's id, and the gateway,
 * the cluster's witness, can hold the answer back until it knows that view serves. The
 * header never reaches a client: the gateway removes it.
 */
final class ClusterViewHeaderFilter extends HttpFilter {

	// The servlet API makes every filter Serializable; this one is never serialized.
	private final transient SessionCluster cluster;

	ClusterViewHeaderFilter(SessionCluster cluster) {
		this.cluster = cluster;
	}

	@Override
	protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		ViewStampingResponse stamping = new ViewStampingResponse(response, this.cluster);
		chain.doFilter(request, stamping);
		// Not committed yet (a short answer still in the buffer): the session has been
		// saved by now, so this is the view the write completed in.
		stamping.stamp();
	}

	/**
	 * Sets the header just before the first byte of the answer is sent, whichever way the
	 * application commits it.
	 */
	static final class ViewStampingResponse extends HttpServletResponseWrapper {

		private final transient SessionCluster cluster;

		private boolean stamped;

		ViewStampingResponse(HttpServletResponse response, SessionCluster cluster) {
			super(response);
			this.cluster = cluster;
		}

		void stamp() {
			if (!this.stamped && !isCommitted()) {
				this.stamped = true;
				super.setHeader(TandemHeaders.VIEW, this.cluster.viewId());
			}
		}

		@Override
		public void flushBuffer() throws IOException {
			stamp();
			super.flushBuffer();
		}

		@Override
		public void sendError(int status) throws IOException {
			stamp();
			super.sendError(status);
		}

		@Override
		public void sendError(int status, String message) throws IOException {
			stamp();
			super.sendError(status, message);
		}

		@Override
		public void sendRedirect(String location) throws IOException {
			stamp();
			super.sendRedirect(location);
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			return new StampingOutputStream(super.getOutputStream(), this);
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			PrintWriter writer = super.getWriter();
			return new PrintWriter(writer) {

				@Override
				public void flush() {
					stamp();
					super.flush();
				}

				@Override
				public void close() {
					stamp();
					super.close();
				}

			};
		}

	}

	/** Stamps before a flush or close of the body, the two ways a body commits early. */
	private static final class StampingOutputStream extends ServletOutputStream {

		private final ServletOutputStream delegate;

		private final ViewStampingResponse response;

		StampingOutputStream(ServletOutputStream delegate, ViewStampingResponse response) {
			this.delegate = delegate;
			this.response = response;
		}

		@Override
		public void write(int b) throws IOException {
			this.delegate.write(b);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.delegate.write(b, off, len);
		}

		@Override
		public void flush() throws IOException {
			this.response.stamp();
			this.delegate.flush();
		}

		@Override
		public void close() throws IOException {
			this.response.stamp();
			this.delegate.close();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			this.delegate.setWriteListener(listener);
		}

	}

}
