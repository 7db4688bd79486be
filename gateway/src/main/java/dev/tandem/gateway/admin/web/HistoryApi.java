package dev.tandem.gateway.admin.web;

import dev.tandem.gateway.admin.ChangeRefused;
import dev.tandem.gateway.history.TrafficHistory;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Answers {@code GET /api/history}: the members' last 15 minutes from the
 * {@link TrafficHistory}, all of it or only what came after {@code since} (epoch millis),
 * so a dashboard that polls fetches only what is new. A {@code since} that is not a whole
 * number of 0 or more is refused with a problem detail naming it.
 */
final class HistoryApi {

	private final TrafficHistory history;

	HistoryApi(TrafficHistory history) {
		this.history = history;
	}

	Mono<ServerResponse> history(ServerRequest request) {
		long since;
		try {
			since = since(request);
		}
		catch (ChangeRefused refused) {
			return AdminApi.problem(refused);
		}
		// A copy of a few arrays under a monitor that ticks and state changes hold only
		// briefly: quick enough for the event loop.
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(this.history.after(since));
	}

	/**
	 * The {@code since} query parameter; {@link Long#MIN_VALUE} when there is none.
	 */
	static long since(ServerRequest request) {
		String text = request.queryParam("since").orElse(null);
		if (text == null) {
			return Long.MIN_VALUE;
		}
		try {
			long since = Long.parseLong(text);
			if (since >= 0) {
				return since;
			}
		}
		catch (NumberFormatException ex) {
			// Answered below.
		}
		throw new ChangeRefused(400, "since must be a time in epoch milliseconds, a whole number of 0 or more, "
				+ "but was '" + AdminRequests.printable(text) + "'.");
	}

}
