package dev.tandem.node.demo;

import java.io.IOException;

import dev.tandem.session.NodeProperties;
import dev.tandem.shared.TandemHeaders;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Names this node in the {@code X-Tandem-Node} header of every response, errors included,
 * so a client or test can tell which node served it. Set before the chain runs because a
 * committed response takes no more headers.
 */
@Component
class NodeHeaderFilter extends OncePerRequestFilter {

	private final String nodeId;

	NodeHeaderFilter(NodeProperties properties) {
		this.nodeId = properties.id();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader(TandemHeaders.NODE, this.nodeId);
		chain.doFilter(request, response);
	}

}
