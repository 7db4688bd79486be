package dev.tandem.gateway.routing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import dev.tandem.gateway.GatewayPipeline;
import dev.tandem.gateway.GatewayWebStage;
import dev.tandem.gateway.balancing.BalancingAttributes;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * Applies the configured routes ({@code tandem.gateway.routes}) to each request, first
 * match wins: an exclusion is answered here with its status and a one-line body, no
 * member asked; a route to the members passes the request on, to its group of members
 * when it names one ({@link BalancingAttributes#GROUP}), its path mapped when the route
 * strips or adds a prefix (a stripped prefix reaches the member as
 * {@code X-Forwarded-Prefix}); a path no route matches is answered 404, as a front
 * answers the paths it does not proxy. With no route configured it passes everything on
 * untouched. The path is judged by its {@link PathCanonicalizer canonical form}, so no
 * spelling of an excluded path gets past. Like the actuator guard it steps aside in the
 * management server's context.
 */
class PathRoutes implements GatewayWebStage {

	private final ApplicationContext publicContext;

	private final List<PathRoute> routes;

	PathRoutes(ApplicationContext publicContext, List<PathRoute> routes) {
		this.publicContext = publicContext;
		this.routes = List.copyOf(routes);
	}

	@Override
	public int getOrder() {
		return GatewayPipeline.PATH_ROUTES;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.routes.isEmpty() || exchange.getApplicationContext() != this.publicContext) {
			return chain.filter(exchange);
		}
		ServerHttpRequest request = exchange.getRequest();
		String rawPath = request.getURI().getRawPath();
		Optional<String> canonical = PathCanonicalizer.canonicalize(rawPath);
		if (canonical.isEmpty()) {
			return answer(exchange, HttpStatus.BAD_REQUEST, "The request's path cannot be decoded.");
		}
		PathContainer path = PathContainer.parsePath(canonical.get());
		String host = request.getURI().getHost();
		for (PathRoute route : this.routes) {
			if (!route.matches(path, host)) {
				continue;
			}
			if (route.status() != null) {
				return answer(exchange, route.status(), "The gateway does not forward this path.");
			}
			if (route.group() != null) {
				exchange.getAttributes().put(BalancingAttributes.GROUP, route.group());
			}
			if (!route.mapsPath()) {
				return chain.filter(exchange);
			}
			String mapped = route.mappedPath(rawPath);
			if (mapped == null) {
				return answer(exchange, HttpStatus.BAD_REQUEST, "The request's path must spell its prefix plainly.");
			}
			// Recorded as Spring Cloud Gateway's own path filters do, so that its
			// X-Forwarded headers tell the member the prefix that was stripped.
			ServerWebExchangeUtils.addOriginalRequestUrl(exchange, request.getURI());
			return chain.filter(exchange.mutate().request(request.mutate().path(mapped).build()).build());
		}
		return answer(exchange, HttpStatus.NOT_FOUND, "No route of the gateway matches this path.");
	}

	private static Mono<Void> answer(ServerWebExchange exchange, HttpStatus status, String sentence) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
		byte[] body = (sentence + "\n").getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

}
