package dev.tandem.gateway.routing;

import java.util.Optional;

import dev.tandem.gateway.GatewayPipeline;
import dev.tandem.gateway.GatewayWebStage;
import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * Keeps every spelling of {@code /actuator} on the public port from reaching a member (or
 * the gateway's own actuator): the raw path is judged by its {@link PathCanonicalizer
 * canonical form}, answering 404 for the {@code /actuator} tree and 400 for a path that
 * cannot be decoded, both without a body. Only the top-level tree is guarded:
 * {@code /x/actuator} is an application path. Tandem's web stages run on the management
 * port too (Spring collects web filters from parent contexts as well); this one steps
 * aside there, because serving {@code /actuator} is that server's job.
 * <p>
 * The nodes' restart endpoint, {@code /tandem/restart}, is guarded the same way: only the
 * gateway's rolling restart calls it, directly, so the public has no reason to reach it,
 * token or not.
 */
class ActuatorPathGuard implements GatewayWebStage {

	private final ApplicationContext publicContext;

	ActuatorPathGuard(ApplicationContext publicContext) {
		this.publicContext = publicContext;
	}

	@Override
	public int getOrder() {
		return GatewayPipeline.ACTUATOR_PATH_GUARD;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (exchange.getApplicationContext() != this.publicContext) {
			return chain.filter(exchange);
		}
		Verdict verdict = judge(exchange.getRequest().getURI().getRawPath());
		if (verdict == Verdict.FORWARD) {
			return chain.filter(exchange);
		}
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(verdict.status);
		return response.setComplete();
	}

	/**
	 * Judge a raw request path.
	 * @param rawPath the path as received, still encoded
	 * @return what to do with the request
	 */
	static Verdict judge(String rawPath) {
		Optional<String> canonical = PathCanonicalizer.canonicalize(rawPath);
		if (canonical.isEmpty()) {
			return Verdict.UNDECODABLE;
		}
		String path = canonical.get();
		return (isTree(path, "/actuator") || isTree(path, "/tandem/restart")) ? Verdict.ACTUATOR : Verdict.FORWARD;
	}

	private static boolean isTree(String path, String root) {
		return path.equals(root) || path.startsWith(root + "/");
	}

	/** The guard's decision about one path. */
	enum Verdict {

		/** An ordinary path: pass it on. */
		FORWARD(null),

		/** Inside the {@code /actuator} tree: answer as if it did not exist. */
		ACTUATOR(HttpStatus.NOT_FOUND),

		/** Cannot be decoded unambiguously: refuse it. */
		UNDECODABLE(HttpStatus.BAD_REQUEST);

		private final HttpStatus status;

		Verdict(HttpStatus status) {
			this.status = status;
		}

	}

}
