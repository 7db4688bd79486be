package dev.tandem.gateway.admin.web;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import dev.tandem.gateway.admin.AdminProperties;
import dev.tandem.gateway.admin.security.AdminUsers;
import dev.tandem.gateway.admin.security.LoginThrottle;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint.DelegateEntry;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.HttpBasicServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.HttpStatusServerEntryPoint;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.util.matcher.MediaTypeServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.session.CookieWebSessionIdResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.InMemoryWebSessionStore;
import org.springframework.web.server.session.WebSessionManager;

/**
 * Spring Security on the management port only (this configuration lives in the management
 * server's own child context, so the public port never runs it). Anonymous callers get
 * the overall health and the liveness and readiness probes; every other path needs a
 * login, and every change needs role {@code admin}. Browsers log in with a form and are
 * protected by CSRF tokens; scripts use HTTP Basic and need no token, unless a browser
 * sent the request from another site.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@EnableWebFluxSecurity
class AdminSecurityConfiguration {

	/** The management port's session cookie: never the application's {@code SESSION}. */
	static final String SESSION_COOKIE = "TANDEM_ADMIN";

	/**
	 * Scripts, styles, data and images from this port only; inline styles are allowed for
	 * the login page and the chart library's sizing, inline scripts never.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
			+ "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

	/** Kept small: a few operators, not the public. */
	static final int MAX_SESSIONS = 100;

	@Bean
	SecurityWebFilterChain adminSecurity(ServerHttpSecurity http, ReactiveAuthenticationManager logins) {
		ServerAuthenticationEntryPoint entryPoint = entryPoint();
		return http.authenticationManager(logins)
			.authorizeExchange((exchanges) -> exchanges
				.pathMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/liveness",
						"/actuator/health/readiness")
				.permitAll()
				.pathMatchers(HttpMethod.GET, "/login", "/favicon.ico")
				.permitAll()
				.pathMatchers(HttpMethod.GET, "/**")
				.authenticated()
				.pathMatchers(HttpMethod.HEAD, "/**")
				.authenticated()
				.anyExchange()
				.hasAuthority(AdminUsers.ADMIN))
			// A failed Basic login asks for Basic again, in the same realm.
			.httpBasic((basic) -> basic.authenticationEntryPoint(basicEntryPoint()))
			.formLogin((form) -> form.loginPage("/login"))
			// One entry point for both: the login form for pages, Basic for the rest.
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint))
			.csrf((csrf) -> csrf.requireCsrfProtectionMatcher(new BrowserRequestMatcher()))
			// The dashboard runs only its own scripts from this port: injected markup
			// (a member id, an audit reason) can never run, and no page may frame it.
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
			.build();
	}

	/**
	 * Browsers asking for a page are sent to the login form; the dashboard's own requests
	 * (marked {@code X-Requested-With: XMLHttpRequest}) get a bare 401, so that an
	 * expired login sends the page to the form rather than pop up the browser's password
	 * dialog; everyone else (scripts, Prometheus) gets a 401 asking for HTTP Basic.
	 */
	private static ServerAuthenticationEntryPoint entryPoint() {
		MediaTypeServerWebExchangeMatcher html = new MediaTypeServerWebExchangeMatcher(MediaType.TEXT_HTML);
		html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		ServerWebExchangeMatcher page = (
				exchange) -> "XMLHttpRequest".equals(exchange.getRequest().getHeaders().getFirst("X-Requested-With"))
						? MatchResult.match() : MatchResult.notMatch();
		DelegatingServerAuthenticationEntryPoint entryPoint = new DelegatingServerAuthenticationEntryPoint(
				new DelegateEntry(page, new HttpStatusServerEntryPoint(HttpStatus.UNAUTHORIZED)),
				new DelegateEntry(html, new RedirectServerAuthenticationEntryPoint("/login")));
		entryPoint.setDefaultEntryPoint(basicEntryPoint());
		return entryPoint;
	}

	private static ServerAuthenticationEntryPoint basicEntryPoint() {
		HttpBasicServerAuthenticationEntryPoint basic = new HttpBasicServerAuthenticationEntryPoint();
		basic.setRealm("Tandem gateway");
		return basic;
	}

	@Bean
	ReactiveAuthenticationManager adminLogins(AdminProperties properties) {
		PasswordEncoder encoder = AdminUsers.passwordEncoder();
		UserDetailsRepositoryReactiveAuthenticationManager check = new UserDetailsRepositoryReactiveAuthenticationManager(
				AdminUsers.of(properties, encoder));
		check.setPasswordEncoder(encoder);
		return new LoginThrottle(check, System::nanoTime);
	}

	/**
	 * A request Spring Security's firewall refuses (an encoded slash, a path that is not
	 * normalized) gets a 400 with a sentence, like every other refusal of this port.
	 */
	@Bean
	ServerExchangeRejectedHandler adminRejectedRequests() {
		return (exchange, rejected) -> {
			exchange.getResponse().setStatusCode(HttpStatus.BAD_REQUEST);
			// The request's body, if any, was never read: close the connection rather
			// than
			// leave it for the next request to stumble over.
			exchange.getResponse().getHeaders().setConnection("close");
			exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
			String body = "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
					+ "\"detail\":\"The request was refused: its path or headers are not allowed here "
					+ "(encoded slashes, '..' or control characters).\"}";
			return exchange.getResponse()
				.writeWith(
						Mono.just(exchange.getResponse().bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
		};
	}

	/**
	 * Every answer of the management port closes its connection. Reactor Netty 1.2.18
	 * (the newest 1.2.x) can stop reading a keep-alive connection for good when the next
	 * request arrives after an answer was sent but before its exchange has finished
	 * (reactor/reactor-netty#4188, #4347): seen here as the dashboard's first poll, sent
	 * 3 ms after {@code /api/session} was answered, left unread until the browser gave
	 * up. The port serves a few operators, scripts and a scraper, one request every few
	 * seconds, so a new connection per request costs nothing that matters.
	 */
	@Bean
	WebFilter adminConnectionClose() {
		return new ConnectionCloseFilter();
	}

	/**
	 * Puts the exchange into the Reactor context before Spring Security runs, so the
	 * throttled password check can tell which address a login came from.
	 */
	@Bean
	WebFilter adminExchangeContext() {
		return new OrderedExchangeContextFilter();
	}

	/**
	 * The management port's sessions: their own cookie name (a browser sends cookies of
	 * the same host to every port, and the applications behind the gateway use
	 * {@code SESSION}), same-site strict, in a small in-memory store.
	 */
	@Bean
	WebSessionManager webSessionManager() {
		CookieWebSessionIdResolver cookies = new CookieWebSessionIdResolver();
		cookies.setCookieName(SESSION_COOKIE);
		cookies.addCookieInitializer((cookie) -> cookie.sameSite("Strict").httpOnly(true).path("/"));
		InMemoryWebSessionStore store = new InMemoryWebSessionStore();
		store.setMaxSessions(MAX_SESSIONS);
		DefaultWebSessionManager sessions = new DefaultWebSessionManager();
		sessions.setSessionIdResolver(cookies);
		sessions.setSessionStore(store);
		return sessions;
	}

	/**
	 * Which changing requests need a CSRF token: every one from a browser. A request that
	 * carries its own {@code Authorization} header and no {@code Origin} of another site
	 * comes from a script, which a forged cross-site form cannot be: browsers always send
	 * {@code Origin} with a cross-site POST.
	 */
	static final class BrowserRequestMatcher implements ServerWebExchangeMatcher {

		@Override
		public Mono<MatchResult> matches(ServerWebExchange exchange) {
			HttpMethod method = exchange.getRequest().getMethod();
			if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)
					|| HttpMethod.TRACE.equals(method)) {
				return MatchResult.notMatch();
			}
			HttpHeaders headers = exchange.getRequest().getHeaders();
			String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
			boolean script = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)
					&& sameOriginOrNone(headers);
			return script ? MatchResult.notMatch() : MatchResult.match();
		}

		private static boolean sameOriginOrNone(HttpHeaders headers) {
			String origin = headers.getOrigin();
			if (origin == null) {
				return true;
			}
			String host = headers.getFirst(HttpHeaders.HOST);
			return host != null
					&& (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host));
		}

	}

	/** Sets {@code Connection: close} on every answer, ahead of every other filter. */
	static final class ConnectionCloseFilter implements WebFilter, Ordered {

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
			exchange.getResponse().getHeaders().setConnection("close");
			return chain.filter(exchange);
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

	/** {@link ServerWebExchangeContextFilter}, ahead of Spring Security's filters. */
	static final class OrderedExchangeContextFilter extends ServerWebExchangeContextFilter implements Ordered {

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

}
