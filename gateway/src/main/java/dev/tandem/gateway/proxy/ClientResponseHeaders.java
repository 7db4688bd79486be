package dev.tandem.gateway.proxy;

import java.util.List;
import java.util.Map;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * A member's answer as the client receives it: without its hop-by-hop headers, which
 * described the member's connection to the gateway. An answer that has none, the usual
 * case, is passed on without a copy.
 */
final class ClientResponseHeaders implements HttpHeadersFilter {

	@Override
	public boolean supports(Type type) {
		return type == Type.RESPONSE;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		if (!HopByHopHeaders.anyIn(input)) {
			return input;
		}
		List<String> namedByConnection = HopByHopHeaders.namedByConnection(input);
		HttpHeaders output = new HttpHeaders();
		for (Map.Entry<String, List<String>> header : input.headerSet()) {
			if (!HopByHopHeaders.contains(header.getKey(), namedByConnection)) {
				output.addAll(header.getKey(), header.getValue());
			}
		}
		return output;
	}

}
