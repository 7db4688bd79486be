package bench.prototype;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.tandem.gateway.balancing.core.Balancer;
import dev.tandem.gateway.balancing.core.BalancingPolicy;
import dev.tandem.gateway.balancing.core.Choice;
import dev.tandem.gateway.balancing.core.MemberSpec;
import dev.tandem.gateway.balancing.core.Outcome;
import dev.tandem.gateway.balancing.core.RequestFacts;
import dev.tandem.gateway.balancing.core.Strategy;
import dev.tandem.gateway.meters.HttpOutcome;
import dev.tandem.gateway.meters.TimersByMethodAndStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.util.AsciiString;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * A benchmark prototype, not a product path: the floor of Tandem's benchmark
 * ({@code deploy/bench/floor/FloorProxy.java}, a plain Reactor Netty proxy) plus the per-request work Tandem's
 * features need, with no Spring and no Spring Cloud Gateway around it, so the benchmark can show what a request
 * would cost outside their pipeline. Per request: the member is chosen by Tandem's own balancing core
 * ({@link Balancer}, weighted round robin with the gateway's default policy) and each attempt's start and outcome
 * are reported back to it (in-flight counts, latency, passive ejection); a {@code TANDEM_ROUTE} cookie naming a
 * member keeps the client there (a plain member id, where the gateway uses an HMAC token), otherwise the answer
 * sets one; the member gets the client's headers without the hop-by-hop ones and without any forwarding header
 * the client sent, plus {@code X-Forwarded-For/-Proto/-Port/-Host}; {@code http.server.requests} and each
 * member's {@code loadbalancer.requests.success} are recorded on timers kept by method and status (Tandem's
 * {@link TimersByMethodAndStatus}) in a {@link SimpleMeterRegistry}, with each member's
 * {@code loadbalancer.requests.active}; a GET whose member refuses the connection is tried once on another member.
 * <p>
 * It leaves out the rest: no access log, no health checks, no routes or path prefixes, no response timeout, no
 * guards (HSTS, size limits), no admin, no metrics endpoint (the meters are printed once, at exit), no error or
 * client-gone tags on the timers.
 *
 * <pre>java -cp ... bench.prototype.PrototypeProxy PORT ID=http://127.0.0.1:MEMBER_PORT ...</pre>
 */
public final class PrototypeProxy {

	private static final String ROUTE_COOKIE = "TANDEM_ROUTE";

	/**
	 * Headers of one connection only (RFC 9110, 7.6.1) and the ones Spring Cloud Gateway drops besides, as the
	 * gateway's {@code HopByHopHeaders} has them; never forwarded. Headers a {@code Connection} names are not
	 * looked for (the floor does not either).
	 */
	private static final List<AsciiString> HOP_BY_HOP = List.of(HttpHeaderNames.CONNECTION,
			AsciiString.cached("keep-alive"), AsciiString.cached("proxy-connection"), HttpHeaderNames.TE,
			HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE,
			HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.PROXY_AUTHENTICATE,
			AsciiString.cached("x-application-context"));

	private static final AsciiString X_FORWARDED_PREFIX = AsciiString.cached("x-forwarded-");

	private static final AsciiString FORWARDED = AsciiString.cached("forwarded");

	private final Map<String, Member> members = new LinkedHashMap<>();

	private final Balancer balancer;

	private final TimersByMethodAndStatus serverRequests;

	private final HttpClient client;

	private PrototypeProxy(Map<String, String> memberUris, MeterRegistry registry) {
		memberUris.forEach((id, uri) -> this.members.put(id, new Member(id, uri, registry)));
		// The gateway's defaults: weighted round robin, panic on, 20 s slow start, ejected for 10 s after 1 failure.
		BalancingPolicy policy = new BalancingPolicy(Strategy.weightedRoundRobin(), true, Duration.ofSeconds(20),
				false, 1, Duration.ofSeconds(10));
		List<MemberSpec> specs = memberUris.keySet().stream().map((id) -> new MemberSpec(id, 1, 0)).toList();
		this.balancer = new Balancer(specs, policy, System::nanoTime, () -> ThreadLocalRandom.current().nextLong(),
				(transition) -> System.err.println("member " + transition));
		// The gateway's routes have no path pattern: uri follows the status, as in its ServerRequestMeters.
		this.serverRequests = new TimersByMethodAndStatus((method, status) -> Timer.builder("http.server.requests")
			.tags("error", "none", "exception", "none", "method", method, "outcome", HttpOutcome.of(status), "status",
					String.valueOf(status), "uri", (status == 404) ? "NOT_FOUND" : HttpOutcome.UNKNOWN)
			.register(registry));
		// The floor's pool: the gateway's idle and life times.
		ConnectionProvider pool = ConnectionProvider.builder("members")
			.maxConnections(64)
			.maxIdleTime(Duration.ofSeconds(15))
			.maxLifeTime(Duration.ofMinutes(5))
			.build();
		this.client = HttpClient.create(pool).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 1000);
	}

	public static void main(String[] args) {
		if (args.length < 2) {
			System.err.println("usage: PrototypeProxy PORT ID=MEMBER_URI ...");
			System.exit(2);
		}
		Map<String, String> memberUris = new LinkedHashMap<>();
		for (String member : List.of(args).subList(1, args.length)) {
			String[] idAndUri = member.split("=", 2);
			memberUris.put(idAndUri[0], idAndUri[1]);
		}
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		// The meters' counts, once, on the way out: the prototype has no metrics endpoint.
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> System.out.println("meters:\n" + registry.getMetersAsString())));
		PrototypeProxy proxy = new PrototypeProxy(memberUris, registry);
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(Integer.parseInt(args[0]))
			.handle(proxy::serve)
			.bindNow();
		System.out.println("PrototypeProxy listening on http://127.0.0.1:" + server.port() + ", members " + memberUris);
		server.onDispose().block();
	}

	private Publisher<Void> serve(HttpServerRequest request, HttpServerResponse response) {
		long started = System.nanoTime();
		org.springframework.http.HttpMethod method = org.springframework.http.HttpMethod
			.valueOf(request.method().name());
		String sticky = stickyMember(request);
		RequestFacts facts = (sticky != null) ? RequestFacts.sticky(sticky) : RequestFacts.NONE;
		return attempt(request, response, facts, method)
			.onErrorResume(AttemptFailed.class,
					(failed) -> failed.neverSent && HttpMethod.GET.equals(request.method()) && !response.hasSentHeaders()
							? attempt(request, response, new RequestFacts(sticky, Set.of(failed.memberId)), method)
							: Mono.error(failed))
			.onErrorResume((failure) -> response.hasSentHeaders() ? Mono.error(failure)
					: answer(response, HttpResponseStatus.BAD_GATEWAY, "Bad gateway: the member did not answer.\n"))
			.doFinally((signal) -> this.serverRequests.of(method, response.status().code())
				.record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
	}

	/** One attempt at the member the balancer chooses for these facts; its failure names the member tried. */
	private Mono<Void> attempt(HttpServerRequest request, HttpServerResponse response, RequestFacts facts,
			org.springframework.http.HttpMethod method) {
		Choice choice = this.balancer.choose(facts);
		if (choice.memberId() == null) {
			return answer(response, HttpResponseStatus.SERVICE_UNAVAILABLE, "No member can serve the request.\n");
		}
		Member member = this.members.get(choice.memberId());
		Attempt attempt = new Attempt(member, System.nanoTime());
		this.balancer.requestStarted(member.id);
		member.active.incrementAndGet();
		if (choice.kind() == Choice.Kind.STICKY) {
			this.balancer.stickyClientSeen(member.id, clientKey(request));
		}
		return this.client.headers((headers) -> memberHeaders(request, headers))
			.request(request.method())
			.uri(member.uri + request.uri())
			.send((memberRequest, body) -> body.send(request.receive().retain()))
			.response((memberResponse, body) -> {
				attempt.answered(memberResponse.status().code(), memberResponse.responseHeaders());
				member.successes.of(method, attempt.status).record(attempt.nanos, TimeUnit.NANOSECONDS);
				response.status(memberResponse.status());
				copyEndToEnd(memberResponse.responseHeaders(), response.responseHeaders());
				if (!member.id.equals(facts.stickyMemberId())) {
					response.responseHeaders().add(HttpHeaderNames.SET_COOKIE, member.routeCookie);
				}
				return response.send(body.retain());
			})
			.then()
			.onErrorMap((failure) -> attempt.failed(failure))
			.doFinally((signal) -> {
				member.active.decrementAndGet();
				this.balancer.requestFinished(member.id, attempt.nanos(), attempt.bytes(request), attempt.outcome(signal));
			});
	}

	/** The member the request's route cookie names, if the balancer knows it. */
	private String stickyMember(HttpServerRequest request) {
		if (!request.requestHeaders().contains(HttpHeaderNames.COOKIE)) {
			return null;
		}
		Set<Cookie> cookies = request.cookies().get(ROUTE_COOKIE);
		if (cookies == null || cookies.isEmpty()) {
			return null;
		}
		String id = cookies.iterator().next().value();
		return this.members.containsKey(id) ? id : null;
	}

	/** The client's headers without the hop-by-hop and forwarding ones (the client sets Host), then the proxy's. */
	private static void memberHeaders(HttpServerRequest request, HttpHeaders headers) {
		Iterator<Map.Entry<CharSequence, CharSequence>> from = request.requestHeaders().iteratorCharSequence();
		while (from.hasNext()) {
			Map.Entry<CharSequence, CharSequence> header = from.next();
			CharSequence name = header.getKey();
			if (!isHopByHop(name) && !HttpHeaderNames.HOST.contentEqualsIgnoreCase(name) && !isForwarding(name)) {
				headers.add(name, header.getValue());
			}
		}
		InetSocketAddress client = request.remoteAddress();
		if (client != null && client.getAddress() != null) {
			headers.set("X-Forwarded-For", client.getHostString());
		}
		String scheme = request.scheme();
		int port = request.hostPort();
		headers.set("X-Forwarded-Proto", scheme);
		headers.set("X-Forwarded-Port", String.valueOf(port));
		boolean defaultPort = (port == 80 && "http".equals(scheme)) || (port == 443 && "https".equals(scheme));
		headers.set("X-Forwarded-Host", defaultPort ? request.hostName() : request.hostName() + ":" + port);
	}

	/** Adds every header of FROM to TO except the hop-by-hop ones. */
	private static void copyEndToEnd(HttpHeaders from, HttpHeaders to) {
		Iterator<Map.Entry<CharSequence, CharSequence>> headers = from.iteratorCharSequence();
		while (headers.hasNext()) {
			Map.Entry<CharSequence, CharSequence> header = headers.next();
			if (!isHopByHop(header.getKey())) {
				to.add(header.getKey(), header.getValue());
			}
		}
	}

	private static boolean isHopByHop(CharSequence name) {
		for (AsciiString hopByHop : HOP_BY_HOP) {
			if (hopByHop.contentEqualsIgnoreCase(name)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isForwarding(CharSequence name) {
		return AsciiString.regionMatches(name, true, 0, X_FORWARDED_PREFIX, 0, X_FORWARDED_PREFIX.length())
				|| FORWARDED.contentEqualsIgnoreCase(name);
	}

	/** The client of a sticky request for the balancer's sticky-client count: its address (no session cookie). */
	private static long clientKey(HttpServerRequest request) {
		InetSocketAddress remote = request.remoteAddress();
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().hashCode() : 0;
	}

	private static Mono<Void> answer(HttpServerResponse response, HttpResponseStatus status, String sentence) {
		return response.status(status)
			.header(HttpHeaderNames.CONTENT_TYPE, "text/plain")
			.sendString(Mono.just(sentence))
			.then();
	}

	/** Whether the attempt failed before the request could be sent: the connection was refused or timed out. */
	private static boolean neverSent(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException) {
				return true;
			}
		}
		return false;
	}

	/** One member: its address, its route cookie and its meters. */
	private static final class Member {

		private final String id;

		private final String uri;

		private final String routeCookie;

		private final AtomicLong active = new AtomicLong();

		private final TimersByMethodAndStatus successes;

		Member(String id, String uri, MeterRegistry registry) {
			this.id = id;
			this.uri = uri;
			this.routeCookie = ROUTE_COOKIE + "=" + id + "; Path=/; HttpOnly";
			URI address = URI.create(uri);
			Tags instance = Tags.of("serviceId", "members", "serviceInstance.instanceId", id, "serviceInstance.host",
					address.getHost(), "serviceInstance.port", String.valueOf(address.getPort()));
			Gauge.builder("loadbalancer.requests.active", this.active, AtomicLong::get)
				.tags(instance)
				.register(registry);
			this.successes = new TimersByMethodAndStatus((method, status) -> Timer
				.builder("loadbalancer.requests.success")
				.tags(instance.and("method", method, "uri", HttpOutcome.UNKNOWN, "outcome", HttpOutcome.of(status),
						"status", String.valueOf(status)))
				.register(registry));
		}

	}

	/** How one attempt went, for the balancer: when the answer's head came, its status and size, or its error. */
	private static final class Attempt {

		private final Member member;

		private final long started;

		private long nanos = -1;

		private int status;

		private long answerBytes;

		private AttemptFailed failure;

		Attempt(Member member, long started) {
			this.member = member;
			this.started = started;
		}

		void answered(int status, HttpHeaders headers) {
			this.nanos = System.nanoTime() - this.started;
			this.status = status;
			this.answerBytes = Math.max(0, headers.getInt(HttpHeaderNames.CONTENT_LENGTH, 0));
		}

		AttemptFailed failed(Throwable error) {
			this.failure = new AttemptFailed(this.member.id, error);
			return this.failure;
		}

		long nanos() {
			return (this.nanos >= 0) ? this.nanos : System.nanoTime() - this.started;
		}

		long bytes(HttpServerRequest request) {
			return Math.max(0, request.requestHeaders().getInt(HttpHeaderNames.CONTENT_LENGTH, 0)) + this.answerBytes;
		}

		// An answer is a success whatever its status (the gateway's default: no ejection statuses), also when its
		// body breaks off later: the gateway's attempt ends with the answer's head too.
		Outcome outcome(SignalType signal) {
			if (this.nanos >= 0) {
				return Outcome.SUCCESS;
			}
			if (this.failure != null) {
				return this.failure.neverSent ? Outcome.CONNECT_FAILURE : Outcome.FAILURE;
			}
			return (signal == SignalType.CANCEL) ? Outcome.ABANDONED : Outcome.SUCCESS;
		}

	}

	/** An attempt's failure, with the member it tried, so a retry can leave that member out. */
	private static final class AttemptFailed extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final String memberId;

		/** Whether the request never left: the connection was refused or timed out. */
		private final boolean neverSent;

		AttemptFailed(String memberId, Throwable cause) {
			super("member " + memberId + " failed: " + cause, cause, false, false);
			this.memberId = memberId;
			this.neverSent = neverSent(cause);
		}

	}

}
