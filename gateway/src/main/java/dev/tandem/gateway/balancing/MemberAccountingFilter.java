package dev.tandem.gateway.balancing;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

import dev.tandem.gateway.GatewayPipeline;
import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.balancing.core.Outcome;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR;

/**
 * Tells the balancer core how each attempt at a member went: in flight while it runs,
 * then its latency, bytes and outcome, which feed least-busy, latency and traffic
 * balancing and passive ejection. Runs right after the load-balancer filter, once per
 * attempt (failover re-runs it). Unlike Spring Cloud LoadBalancer's lifecycle callbacks,
 * it also sees an attempt end when the client goes away (cancel), so in-flight counts
 * never leak. An attempt at the member the request's affinity names
 * ({@link BalancingAttributes#STICKY_MEMBER}) also counts its client among that member's
 * sticky clients. Each attempt is counted in {@link BalancingAttributes#ATTEMPTS}, and
 * the one a member answered names it in {@link BalancingAttributes#ANSWERING_MEMBER},
 * with its time in {@link BalancingAttributes#UPSTREAM_NANOS}.
 */
final class MemberAccountingFilter implements GlobalFilter, Ordered {

	/** FNV-1a's 64-bit offset basis and prime (Fowler, Noll and Vo). */
	private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;

	private static final long FNV_PRIME = 0x100000001b3L;

	private final Balancer balancer;

	private final Set<Integer> ejectionStatuses;

	/** An array, not a list: the loop over it runs per sticky request. */
	private final String[] sessionCookieNames;

	/**
	 * The filter for this balancer.
	 * @param balancer told of every attempt
	 * @param ejectionStatuses answer statuses that count as failures
	 * @param sessionCookieNames the application's session cookies, in order of
	 * preference: the first one a request carries identifies its client
	 */
	MemberAccountingFilter(Balancer balancer, Set<Integer> ejectionStatuses, List<String> sessionCookieNames) {
		this.balancer = balancer;
		this.ejectionStatuses = ejectionStatuses;
		this.sessionCookieNames = sessionCookieNames.toArray(new String[0]);
	}

	@Override
	public int getOrder() {
		return GatewayPipeline.MEMBER_ACCOUNTING;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Response<ServiceInstance> chosen = exchange.getAttribute(GATEWAY_LOADBALANCER_RESPONSE_ATTR);
		if (chosen == null || !chosen.hasServer()) {
			return chain.filter(exchange);
		}
		String memberId = chosen.getServer().getInstanceId();
		long started = System.nanoTime();
		Attempt attempt = new Attempt();
		Integer earlier = exchange.getAttribute(BalancingAttributes.ATTEMPTS);
		exchange.getAttributes().put(BalancingAttributes.ATTEMPTS, (earlier != null) ? earlier + 1 : 1);
		this.balancer.requestStarted(memberId);
		// Only the member the affinity names: after a failover the request reaches
		// another member, which did not get it through affinity.
		if (memberId.equals(exchange.getAttribute(BalancingAttributes.STICKY_MEMBER))) {
			this.balancer.stickyClientSeen(memberId, clientKey(exchange.getRequest()));
		}
		// doOnSuccess, not doFinally: the attributes must be in place before the answer's
		// completion travels on to the filters that write and log it.
		return chain.filter(exchange)
			.doOnSuccess((done) -> answered(exchange, memberId, System.nanoTime() - started))
			.doOnError((error) -> attempt.error = error)
			.doFinally((signal) -> this.balancer.requestFinished(memberId, System.nanoTime() - started, bytes(exchange),
					outcome(signal, attempt.error, exchange), detail(attempt.error)));
	}

	// The routing filter completes once the member's answer head has arrived.
	private static void answered(ServerWebExchange exchange, String memberId, long upstreamNanos) {
		exchange.getAttributes().put(BalancingAttributes.ANSWERING_MEMBER, memberId);
		exchange.getAttributes().put(BalancingAttributes.UPSTREAM_NANOS, upstreamNanos);
	}

	private Outcome outcome(SignalType signal, Throwable error, ServerWebExchange exchange) {
		if (signal == SignalType.CANCEL) {
			return Outcome.ABANDONED;
		}
		if (error != null) {
			return switch (AttemptFailure.classify(error)) {
				case NEVER_SENT -> Outcome.CONNECT_FAILURE;
				case SENT -> Outcome.FAILURE;
				case NOT_A_MEMBER_FAILURE -> Outcome.ABANDONED;
			};
		}
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		return (status != null && this.ejectionStatuses.contains(status.value())) ? Outcome.FAILED_STATUS
				: Outcome.SUCCESS;
	}

	private static String detail(Throwable error) {
		if (error == null) {
			return null;
		}
		Throwable root = error;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage();
		return root.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	/**
	 * A 64-bit key for the client of a sticky request, computed without allocating: the
	 * FNV-1a hash of its first session cookie's value (one session, one client), else of
	 * its remote IP address (clients behind one proxy or NAT then count as one). The
	 * gateway's own affinity cookie cannot tell clients apart: it names the member, so
	 * every client of a member carries the same one.
	 */
	long clientKey(ServerHttpRequest request) {
		// getFirst, not get: the request's cookie map is read-only, and its get wraps
		// each list it returns.
		for (String name : this.sessionCookieNames) {
			HttpCookie cookie = request.getCookies().getFirst(name);
			if (cookie != null && !cookie.getValue().isEmpty()) {
				return fnv1a(cookie.getValue());
			}
		}
		InetSocketAddress remote = request.getRemoteAddress();
		if (remote == null) {
			return 0;
		}
		InetAddress address = remote.getAddress();
		// An IPv4 address's hashCode is the address itself; an IPv6 one's folds its 16
		// bytes into 4 (getAddress would copy them). The balancer mixes the key.
		return (address != null) ? address.hashCode() : fnv1a(remote.getHostString());
	}

	static long fnv1a(String value) {
		long hash = FNV_OFFSET_BASIS;
		for (int i = 0; i < value.length(); i++) {
			hash = (hash ^ value.charAt(i)) * FNV_PRIME;
		}
		return hash;
	}

	// What the traffic method balances on: the declared sizes of request and answer.
	private static long bytes(ServerWebExchange exchange) {
		return Math.max(0, exchange.getRequest().getHeaders().getContentLength())
				+ Math.max(0, exchange.getResponse().getHeaders().getContentLength());
	}

	/** The error an attempt ended with, if any. */
	private static final class Attempt {

		private Throwable error;

	}

}
