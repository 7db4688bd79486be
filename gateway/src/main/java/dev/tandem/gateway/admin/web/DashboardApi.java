package dev.tandem.gateway.admin.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tandem.gateway.admin.ChangeRefused;
import dev.tandem.gateway.admin.RollingRestart;
import dev.tandem.gateway.admin.security.AdminUsers;
import dev.tandem.gateway.history.TrafficHistory;
import reactor.core.publisher.Mono;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * What the dashboard page needs besides the admin API's resources: the page itself, who
 * is logged in with the CSRF token its changes must carry, and its one poll, which
 * bundles the members, the rolling restart and the recent history into one answer so an
 * open page costs one request every few seconds.
 */
final class DashboardApi {

	private static final Resource PAGE = new ClassPathResource("dashboard/index.html");

	private final AdminApi api;

	private final RollingRestart rollingRestart;

	private final TrafficHistory history;

	DashboardApi(AdminApi api, RollingRestart rollingRestart, TrafficHistory history) {
		this.api = api;
		this.rollingRestart = rollingRestart;
		this.history = history;
	}

	Mono<ServerResponse> page(ServerRequest request) {
		return ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(PAGE);
	}

	Mono<ServerResponse> index(ServerRequest request) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", "Tandem gateway management port");
		body.put("dashboard", "/");
		body.put("api", List.of("/api/members", "/api/audit", "/api/rolling-restart", "/api/history", "/api/session",
				"/api/dashboard"));
		body.put("actuator", List.of("/actuator/health", "/actuator/prometheus", "/actuator/info"));
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	/**
	 * Who is logged in, with which role, and the CSRF token a page must send with its
	 * changes. Only a page of the management port's own origin can read this answer, so
	 * handing it the token is as safe as rendering it into the page.
	 */
	Mono<ServerResponse> session(ServerRequest request) {
		Mono<CsrfToken> token = request.exchange().getAttribute(CsrfToken.class.getName());
		Mono<Map<String, Object>> csrf = ((token != null) ? token : Mono.<CsrfToken>empty())
			.map((value) -> Map.<String, Object>of("headerName", value.getHeaderName(), "parameterName",
					value.getParameterName(), "token", value.getToken()));
		return request.principal().cast(Authentication.class).zipWith(csrf.defaultIfEmpty(Map.of())).flatMap((both) -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("name", both.getT1().getName());
			body.put("role", role(both.getT1()));
			body.put("csrf", both.getT2().isEmpty() ? null : both.getT2());
			return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
		});
	}

	/**
	 * The page's poll: the same member views as {@code GET /api/members}, the rolling
	 * restart's progress, and {@code GET /api/history?since=} for the page's last tick.
	 */
	Mono<ServerResponse> dashboard(ServerRequest request) {
		long since;
		try {
			since = HistoryApi.since(request);
		}
		catch (ChangeRefused refused) {
			return AdminApi.problem(refused);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		// The page reckons "4 s ago" from the gateway's clock, not the browser's.
		body.put("now", System.currentTimeMillis());
		body.put("version", this.api.version());
		body.put("members", this.api.views());
		body.put("witness", this.api.witness());
		body.put("rollingRestart", this.rollingRestart.progress());
		body.put("history", this.history.after(since));
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	private static String role(Authentication authentication) {
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			if (AdminUsers.ADMIN.equals(authority.getAuthority())) {
				return AdminUsers.ADMIN;
			}
		}
		return AdminUsers.VIEWER;
	}

}
