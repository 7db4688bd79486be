package dev.tandem.gateway.proxy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Applies the {@link AddressRewriter} to a member's answer as Spring Cloud Gateway copies
 * its headers into the client's response, so that a backend which ignores the forwarding
 * headers does not send the client to its own address. An answer without
 * {@code Location}, {@code Content-Location}, {@code Refresh} or {@code Set-Cookie} is
 * passed on as it is, and so is one whose values name no member.
 */
class ReverseRewriteHeadersFilter implements HttpHeadersFilter {

	static final String REFRESH = "Refresh";

	private final AddressRewriter rewriter;

	ReverseRewriteHeadersFilter(AddressRewriter rewriter) {
		this.rewriter = rewriter;
	}

	@Override
	public boolean supports(Type type) {
		return type == Type.RESPONSE;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		if (!input.containsKey(HttpHeaders.LOCATION) && !input.containsKey(HttpHeaders.CONTENT_LOCATION)
				&& !input.containsKey(REFRESH) && !input.containsKey(HttpHeaders.SET_COOKIE)) {
			return input;
		}
		URI client = exchange.getRequest().getURI();
		HttpHeaders output = null;
		output = replace(input, output, HttpHeaders.LOCATION, rewrite(input, HttpHeaders.LOCATION, client));
		output = replace(input, output, HttpHeaders.CONTENT_LOCATION,
				rewrite(input, HttpHeaders.CONTENT_LOCATION, client));
		output = replace(input, output, REFRESH, rewrite(input, REFRESH, client));
		output = replace(input, output, HttpHeaders.SET_COOKIE, rewrite(input, HttpHeaders.SET_COOKIE, client));
		return (output != null) ? output : input;
	}

	/** The header's values rewritten, or {@code null} when none changed. */
	private List<String> rewrite(HttpHeaders headers, String name, URI client) {
		List<String> values = headers.get(name);
		if (values == null) {
			return null;
		}
		List<String> rewritten = null;
		for (int i = 0; i < values.size(); i++) {
			String value = values.get(i);
			String changed = rewriteOne(name, value, client);
			if (changed != value && rewritten == null) {
				rewritten = new ArrayList<>(values);
			}
			if (rewritten != null) {
				rewritten.set(i, changed);
			}
		}
		return rewritten;
	}

	private String rewriteOne(String name, String value, URI client) {
		return switch (name) {
			case HttpHeaders.SET_COOKIE -> this.rewriter.setCookie(value);
			case REFRESH -> this.rewriter.refresh(value, client);
			default -> this.rewriter.url(value, client);
		};
	}

	/** Headers with the rewritten values, copied once from the member's on first need. */
	private static HttpHeaders replace(HttpHeaders input, HttpHeaders output, String name, List<String> values) {
		if (values == null) {
			return output;
		}
		HttpHeaders copy = output;
		if (copy == null) {
			// The member's headers may be read-only; the copy's lists are replaced, not
			// changed.
			copy = new HttpHeaders();
			copy.putAll(input);
		}
		copy.put(name, values);
		return copy;
	}

}
