package dev.tandem.gateway.admin.web;

import org.springframework.http.MediaType;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

/**
 * The management port's login form: one small page inside the jar (no CDN, a Pi's LAN
 * often has no internet), posting user, password and the CSRF token to {@code /login},
 * where Spring Security's form login takes over.
 */
final class LoginPage {

	private LoginPage() {
	}

	static Mono<ServerResponse> render(ServerRequest request) {
		Mono<CsrfToken> token = request.exchange().getAttribute(CsrfToken.class.getName());
		Mono<CsrfToken> csrf = (token != null) ? token : Mono.empty();
		boolean failed = request.queryParam("error").isPresent();
		boolean loggedOut = request.queryParam("logout").isPresent();
		return csrf.map((value) -> html(value, failed, loggedOut))
			.defaultIfEmpty(html(null, failed, loggedOut))
			.flatMap((html) -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(html));
	}

	private static String html(CsrfToken token, boolean failed, boolean loggedOut) {
		String hidden = (token != null)
				? "<input type=\"hidden\" name=\"" + HtmlUtils.htmlEscape(token.getParameterName()) + "\" value=\""
						+ HtmlUtils.htmlEscape(token.getToken()) + "\">"
				: "";
		String message = failed ? "<p class=\"error\" role=\"alert\">Wrong user name or password.</p>"
				: loggedOut ? "<p role=\"status\">You are logged out.</p>" : "";
		return """
				<!DOCTYPE html>
				<html lang="en"><head><meta charset="utf-8">
				<meta name="viewport" content="width=device-width, initial-scale=1">
				<title>Tandem gateway: log in</title>
				<link rel="icon" href="data:,">
				<style>
				body{font-family:system-ui,sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem}
				label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.5rem;box-sizing:border-box}
				button{margin-top:1rem;padding:.5rem 1.2rem}.error{color:#b00020}
				</style></head><body>
				<h1>Tandem gateway</h1>
				""" + message
				+ """
						<form method="post" action="/login">
						<label for="username">User</label><input id="username" name="username" autocomplete="username" required autofocus>
						<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
						"""
				+ hidden + """
						<button type="submit">Log in</button>
						</form></body></html>
						""";
	}

}
