package dev.tandem.node.demo;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Sends the session counter's answer whole: its head and body in one write, with a
 * {@code Content-Length}. Jackson flushes what it wrote, so without this the answer left
 * as a head and a first chunk, and its last chunk in a second write once the request was
 * over; a node killed between the two cut an answer the gateway had begun to pass on,
 * which no proxy can send to another member.
 * <p>
 * It runs outside the session cluster's filters, so what they do when the body is flushed
 * still happens in order: Spring Session saves the session, then the cluster's view is
 * named in {@code X-Tandem-View}; only the bytes wait here.
 */
@Component
@Order(SessionRepositoryFilter.DEFAULT_ORDER - 3)
class WholeAnswerFilter extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"/session".equals(request.getServletPath());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ContentCachingResponseWrapper whole = new ContentCachingResponseWrapper(response);
		chain.doFilter(request, whole);
		whole.copyBodyToResponse();
	}

}
