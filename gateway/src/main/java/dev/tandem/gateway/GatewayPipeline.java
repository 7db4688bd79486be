package dev.tandem.gateway;

import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.core.Ordered;

/**
 * The order of every filter Tandem adds to a request's path, in the sequence one request
 * meets them; every {@code getOrder()} of the gateway returns one of these constants and
 * no two of one chain are equal. {@code GatewayPipelineTests} asserts the whole sequence,
 * Spring Cloud Gateway's own filters included.
 *
 * <p>
 * A request first passes Tandem's web filters, which see it as the client sent it, before
 * any route is chosen. They are {@link GatewayWebStage web stages}, run in this order by
 * {@link GatewayWebStages}, the only web filter of Tandem's that Spring sees (at the
 * order of the first stage): Spring adds a Reactor checkpoint to each web filter of each
 * request, the stages' own chain adds none. Spring runs the same web filters on the
 * management port; the access log, the actuator guard and the path routes step aside
 * there, the others act there too:
 * <ol>
 * <li>{@link #ACCESS_LOG}: when the access log is on, every request's line is written
 * once it has been answered, whoever answered it;</li>
 * <li>{@link #SERVER_REQUEST_METRICS}: every answer is timed in
 * {@code http.server.requests}, in place of Spring's observation of each request;</li>
 * <li>{@link #HSTS}: when {@code tandem.gateway.tls.hsts} is set, every answer over TLS
 * carries {@code Strict-Transport-Security}, the guards' refusals included;</li>
 * <li>{@link #ACTUATOR_PATH_GUARD}: no spelling of {@code /actuator} reaches a member
 * (404, or 400 for an undecodable path);</li>
 * <li>{@link #FORWARDABLE_REQUEST_GUARD}: only a request whose framing and headers can be
 * forwarded unambiguously goes on (400 otherwise);</li>
 * <li>{@link #REQUEST_BODY_LIMIT}: a declared body over the limit is answered 413 before
 * it is read;</li>
 * <li>{@link #CHUNKED_BODY_GUARD}: a chunked body is cut off as soon as it passes the
 * same limit;</li>
 * <li>{@link #REQUEST_BODY_TIMEOUT_STATUS}: a body that stalls answers 408, not 500;</li>
 * <li>{@link #PATH_ROUTES}: when routes are configured, the first that matches decides:
 * the gateway answers an excluded path itself, or the path is mapped as the route
 * says.</li>
 * </ol>
 * Then the gateway filters of the one route, placed around Spring Cloud Gateway's own:
 * <ol>
 * <li>{@link #BAD_GATEWAY_ON_MEMBER_FAILURE}: outside the response writer, the last
 * attempt's member failure becomes a 502;</li>
 * <li>{@link #FAILOVER}: before {@code lb://} is resolved, so a failed attempt is run
 * again from there on another member;</li>
 * <li>{@link #STICKY_MEMBER_ATTRIBUTE}: just before the balancer's choice, the member the
 * client is pinned to;</li>
 * <li>(Spring Cloud Gateway's load-balancer filter asks the balancer for a member, and
 * its service-instance cookie filter follows at the next order);</li>
 * <li>{@link #MEMBER_ACCOUNTING}: the attempt counts as in flight at the chosen member
 * until it ends, with its outcome;</li>
 * <li>{@link #AFFINITY_COOKIE_ISSUING}: when the member answered, the client is pinned to
 * that member;</li>
 * <li>{@link #VIEW_CONFIRMATION}: the member's answer goes on only if the cluster view it
 * was written in won, so a refused one fails the attempt before the client is
 * pinned;</li>
 * <li>(Spring Cloud Gateway's routing filter proxies the request to the member).</li>
 * </ol>
 */
public final class GatewayPipeline {

	/**
	 * First of all, so that the answers of every later filter (the guards' refusals
	 * included) are logged too.
	 */
	public static final int ACCESS_LOG = Ordered.HIGHEST_PRECEDENCE;

	/**
	 * Next, so that every answer is timed in {@code http.server.requests}, the guards'
	 * refusals included.
	 */
	public static final int SERVER_REQUEST_METRICS = ACCESS_LOG + 1;

	/** Before any answer can be given, so each answer over TLS carries the header. */
	public static final int HSTS = SERVER_REQUEST_METRICS + 1;

	/** Then the public port never serves {@code /actuator}. */
	public static final int ACTUATOR_PATH_GUARD = HSTS + 1;

	/** Then ambiguous framing or headers are refused. */
	public static final int FORWARDABLE_REQUEST_GUARD = ACTUATOR_PATH_GUARD + 1;

	/** Right after the framing is known to be unambiguous: the declared length. */
	public static final int REQUEST_BODY_LIMIT = FORWARDABLE_REQUEST_GUARD + 1;

	/** The same limit for a body whose length is not declared. */
	public static final int CHUNKED_BODY_GUARD = REQUEST_BODY_LIMIT + 1;

	/** A stalled body's timeout becomes 408. */
	public static final int REQUEST_BODY_TIMEOUT_STATUS = CHUNKED_BODY_GUARD + 1;

	/** Last of the web filters: only a request every guard let through is routed. */
	public static final int PATH_ROUTES = REQUEST_BODY_TIMEOUT_STATUS + 1;

	/** Outside the response writer, so its clean-up has run when the error arrives. */
	public static final int BAD_GATEWAY_ON_MEMBER_FAILURE = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;

	/**
	 * Just before {@code lb://} is resolved into a member's address, so each attempt
	 * resolves and chooses afresh; inside the response writer, so nothing of a failed
	 * attempt has been written to the client.
	 */
	public static final int FAILOVER = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER - 1;

	/**
	 * Just before the load-balancer filter, which hands the attributes to the balancer.
	 */
	public static final int STICKY_MEMBER_ATTRIBUTE = ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER
			- 1;

	/**
	 * Right after the choice, inside the failover loop so each attempt counts; the order
	 * just after the load-balancer filter belongs to Spring Cloud Gateway's
	 * service-instance cookie filter.
	 */
	public static final int MEMBER_ACCOUNTING = ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 2;

	/** After accounting, inside the failover loop, so it sees which attempt answered. */
	public static final int AFFINITY_COOKIE_ISSUING = MEMBER_ACCOUNTING + 1;

	/**
	 * Inside the affinity cookie's filter, which then pins a client only to a member
	 * whose answer was passed on; inside the failover loop, so a refused answer is an
	 * attempt that failed.
	 */
	public static final int VIEW_CONFIRMATION = AFFINITY_COOKIE_ISSUING + 1;

	private GatewayPipeline() {
	}

}
